import Link from "next/link";

export default function NotFound() {
  return (
    <section className="error-page">
      <p className="error-code">404</p>
      <h1>Page not found</h1>
      <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <Link href="/" className="button">
        Go home
      </Link>
    </section>
  );
}
