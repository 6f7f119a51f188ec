import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/accounts/sign-up-form";
import { currentUser } from "../_lib/session";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (await currentUser()) redirect("/");
  return (
    <section className="auth-card">
      <h1>Create an account</h1>
      <SignUpForm />
    </section>
  );
}
