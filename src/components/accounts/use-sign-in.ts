"use client";
// Signing in with next-auth's credentials provider, then showing the signed-in
// pages: the server components re-render for the new user.
import { useQueryClient } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { OFFLINE_MESSAGE } from "@/trpc/errors";

/** Resolves to null once signed in, or to a message for the person. */
export function useSignIn() {
  const router = useRouter();
  const queryClient = useQueryClient();
  return async (credentials: { email: string; password: string }, nextPath: string): Promise<string | null> => {
    let result: Awaited<ReturnType<typeof signIn>>;
    try {
      result = await signIn("credentials", { ...credentials, redirect: false });
    } catch {
      return OFFLINE_MESSAGE;
    }
    if (!result?.ok || result.error) return signInErrorMessage(result?.error);
    // Whatever this tab cached belonged to nobody or to someone else.
    queryClient.clear();
    router.push(nextPath);
    router.refresh();
    return null;
  };
}

function signInErrorMessage(error: string | null | undefined): string {
  // next-auth passes on the message the server's authorize() threw
  // ("Wrong email or password.", "Too many failed sign-ins…"); its own
  // codes are not sentences.
  if (!error || error === "CredentialsSignin") return "Wrong email or password.";
  if (/^[A-Za-z]+$/.test(error)) return "Signing in is not possible right now. Please try again in a moment.";
  return error;
}
