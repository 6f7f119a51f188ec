import type { Metadata } from "next";
import { ImportsPage } from "@/components/imports/imports-page";
import { requireUser } from "../_lib/session";
import "@/components/imports/imports.css";

export const metadata: Metadata = { title: "Imports" };

export default async function Imports(props: { searchParams: Promise<{ process?: string | string[] }> }) {
  const user = await requireUser("/imports");
  const { process } = await props.searchParams;
  return (
    <div className="page">
      <h1>Imports</h1>
      <ImportsPage userId={user.id} openProcessId={typeof process === "string" ? process : undefined} />
    </div>
  );
}
