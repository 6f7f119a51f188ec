import type { Metadata } from "next";
import { DocumentEditor } from "@/components/documents/document-editor";
import { requireUser } from "../../_lib/session";

export const metadata: Metadata = { title: "Document" };

export default async function DocumentPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const user = await requireUser(`/docs/${encodeURIComponent(id)}`);
  return <DocumentEditor id={id} viewer={{ id: user.id, name: user.name }} />;
}
