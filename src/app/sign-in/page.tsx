import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/accounts/sign-in-form";
import { safeNextPath } from "@/lib/navigation/safe-next-path";
import { currentUser } from "../_lib/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage(props: { searchParams: Promise<{ next?: string | string[] }> }) {
  const nextPath = safeNextPath((await props.searchParams).next);
  if (await currentUser()) redirect(nextPath);
  return (
    <section className="auth-card">
      <h1>Sign in</h1>
      <SignInForm nextPath={nextPath} />
    </section>
  );
}
