import Link from "next/link";

// Shown with status 403 wherever a page calls `forbidden()`.
export default function Forbidden() {
  return (
    <section className="error-page" data-testid="forbidden">
      <p className="error-code">403</p>
      <h1>Admins only</h1>
      <p>This page is for admins, and your account is not one. If you need access, ask an admin.</p>
      <Link href="/" className="button">
        Go home
      </Link>
    </section>
  );
}
