import type { Metadata } from "next";
import { Feed } from "@/components/feed/feed";
import { requireUser } from "../_lib/session";

export const metadata: Metadata = { title: "Feed" };

export default async function FeedPage() {
  const user = await requireUser("/feed");
  return <Feed viewer={{ id: user.id, name: user.name, isAdmin: user.role === "ADMIN" }} />;
}
