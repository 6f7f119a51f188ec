import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { SendNotificationForm } from "@/components/admin/send-notification-form";
import { requireUser } from "../_lib/session";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requireUser("/admin");
  if (user.role !== "ADMIN") forbidden();
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
