// What a list shows while it loads: grey lines where its items will be, and
// for screen readers a status naming what is loading (the inbox, a room, the
// feed...).
export function ListSkeleton(props: { label: string }) {
  return (
    <div className="skeleton-list" aria-busy="true">
      <p className="visually-hidden" role="status">
        {props.label}
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
