import type { Metadata } from "next";
import { PostDetail } from "@/components/feed/post-detail";
import { requireUser } from "../../_lib/session";

export const metadata: Metadata = { title: "Post" };

export default async function PostPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const user = await requireUser(`/posts/${encodeURIComponent(id)}`);
  return <PostDetail id={id} viewer={{ id: user.id, name: user.name, isAdmin: user.role === "ADMIN" }} />;
}
