// The error a tRPC call was refused with; fails the test when the call
// succeeds or fails some other way.
import { TRPCError } from "@trpc/server";

export async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to be refused");
}
