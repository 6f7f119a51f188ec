import { createCaller } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import type { SessionUser } from "@/server/auth";

/** The tRPC API as `user` (or a signed-out visitor) would call it, with the request's headers. */
export function callerFor(user: SessionUser | null, headers?: HeadersInit) {
  return createCaller(createContextInner({ user, headers: headers ? new Headers(headers) : undefined }));
}
