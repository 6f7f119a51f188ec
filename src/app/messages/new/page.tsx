import type { Metadata } from "next";
import { NewConversation } from "@/components/conversations/new-conversation";
import { requireUser } from "../../_lib/session";

export const metadata: Metadata = { title: "New conversation" };

export default async function NewConversationPage(props: { searchParams: Promise<{ to?: string | string[] }> }) {
  const { to } = await props.searchParams;
  const user = await requireUser(`/messages/new${typeof to === "string" ? `?to=${encodeURIComponent(to)}` : ""}`);
  // ?to=<id> or ?to=<id>,<id>: only well-formed ids reach the query.
  const ids = (Array.isArray(to) ? to : [to ?? ""])
    .flatMap((v) => v.split(","))
    .filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id))
    .slice(0, 10);
  return <NewConversation to={[...new Set(ids)]} meId={user.id} />;
}
