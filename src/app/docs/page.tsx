import type { Metadata } from "next";
import { DocumentList } from "@/components/documents/document-list";
import { requireUser } from "../_lib/session";

export const metadata: Metadata = { title: "Documents" };

export default async function DocumentsPage() {
  await requireUser("/docs");
  return <DocumentList />;
}
