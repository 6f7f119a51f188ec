import type { Metadata } from "next";
import { ConversationRefused, ConversationView } from "@/components/conversations/conversation-view";
import { canAccessConversation } from "@/server/conversations/conversation-access";
import { requireUser } from "../../_lib/session";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const user = await requireUser(`/messages/${encodeURIComponent(id)}`);
  // Refused here already, so nothing of someone else's conversation reaches the page.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id) || !(await canAccessConversation({ actor: user, conversationId: id }))) return <ConversationRefused />;
  return <ConversationView conversationId={id} viewer={{ id: user.id }} />;
}
