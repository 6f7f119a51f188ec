export function InboxSkeleton() {
  return (
    <div className="skeleton-list" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading notifications…
      </p>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="skeleton-item" aria-hidden="true">
          <span className="skeleton-line skeleton-line-title" />
          <span className="skeleton-line" />
          <span className="skeleton-line skeleton-line-short" />
        </div>
      ))}
    </div>
  );
}
