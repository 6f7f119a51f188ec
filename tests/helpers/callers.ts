import { createCaller } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import type { SessionUser } from "@/server/auth";

/** The tRPC API as `user` (or a signed-out visitor) would call it. */
export function callerFor(user: SessionUser | null) {
  return createCaller(createContextInner({ user }));
}
