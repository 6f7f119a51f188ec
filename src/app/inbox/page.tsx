import type { Metadata } from "next";
import { Inbox } from "@/components/notifications/inbox";
import { requireUser } from "../_lib/session";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  await requireUser("/inbox");
  return <Inbox />;
}
