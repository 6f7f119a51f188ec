import type { Metadata } from "next";
import Link from "next/link";
import { SendNotificationForm } from "@/components/admin/send-notification-form";
import { requireUser } from "../_lib/session";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requireUser("/admin");
  if (user.role !== "ADMIN") {
    return (
      <section className="error-page" data-testid="forbidden">
        <p className="error-code">403</p>
        <h1>Admins only</h1>
        <p>
          This page is for admins, and your account ({user.email}) is not one. If you need access, ask an
          admin.
        </p>
        <Link href="/" className="button">
          Go home
        </Link>
      </section>
    );
  }
  return (
    <>
      <h1>Admin</h1>
      <section className="card" aria-labelledby="send-heading">
        <h2 id="send-heading">Send a notification</h2>
        <p className="muted">It reaches the person at once in every tab they have open.</p>
        <SendNotificationForm />
      </section>
    </>
  );
}
