// Turning a failed tRPC call into words a person understands. The server
// already writes human messages; what is left is the cases where no server
// answered, and the details the error formatter adds (src/server/api/trpc.ts).
import { TRPCClientError } from "@trpc/client";
import { INTERNAL_ERROR_MESSAGE } from "@/lib/internal-error";

export type FieldErrors = Record<string, string[] | undefined>;

type ErrorData = {
  code?: string;
  httpStatus?: number;
  fieldErrors?: FieldErrors | null;
  retryAfterSeconds?: number | null;
};

function dataOf(error: unknown): ErrorData | null {
  if (!(error instanceof TRPCClientError)) return null;
  return (error.data as ErrorData | undefined) ?? null;
}

export const OFFLINE_MESSAGE = "Can't reach the server. Check your connection and try again.";

/** One sentence for the person, whatever went wrong. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof TRPCClientError)) return error instanceof TypeError ? OFFLINE_MESSAGE : INTERNAL_ERROR_MESSAGE;
  const data = dataOf(error);
  // No data: the answer was not tRPC's (no network, a proxy's error page).
  if (!data) return OFFLINE_MESSAGE;
  if (data.code === "INTERNAL_SERVER_ERROR") return INTERNAL_ERROR_MESSAGE;
  const retry = data.retryAfterSeconds;
  if (retry && !/try again/i.test(error.message)) return `${error.message} Try again in ${formatWait(retry)}.`;
  return error.message;
}

/** Per-field messages from the server (validation, "email taken"...), if any. */
export function serverFieldErrors(error: unknown): FieldErrors {
  return dataOf(error)?.fieldErrors ?? {};
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Whether the server said the thing asked for does not exist (or is not the caller's to see). */
export function isNotFound(error: unknown): boolean {
  return dataOf(error)?.code === "NOT_FOUND";
}

/** A query's retry rule: a few tries, none when the answer was "not found". */
export function retryUnlessNotFound(failures: number, error: unknown): boolean {
  return !isNotFound(error) && failures < 2;
}
