import type { Metadata } from "next";
import { ConversationsList } from "@/components/conversations/conversations-list";
import { requireUser } from "../_lib/session";

export const metadata: Metadata = { title: "Messages" };

export default async function MessagesPage() {
  const user = await requireUser("/messages");
  return <ConversationsList meId={user.id} />;
}
