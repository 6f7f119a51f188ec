import type { Metadata } from "next";
import Link from "next/link";
import { NotificationSettings } from "@/components/settings/notification-settings";
import { requireUser } from "../../_lib/session";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  await requireUser("/settings/notifications");
  return (
    <>
      <p>
        <Link href="/profile">← Profile</Link>
      </p>
      <h1>Notification settings</h1>
      <NotificationSettings />
    </>
  );
}
