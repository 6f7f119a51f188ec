// How much of a request body the API reads: the largest valid input (a post
// of 10,000 characters) is well under 100 KB even with every character
// escaped, so a longer body is refused (413) without being read further,
// rather than held whole in memory first.
import "server-only";
import { TRPCError } from "@trpc/server";

export const MAX_BODY_BYTES = 1024 * 1024;

/** What a client is told when its body is over the limit. */
export const BODY_TOO_LARGE_MESSAGE = `The request body is over ${MAX_BODY_BYTES / (1024 * 1024)} MB.`;

/** The body as text, or null once it is over `maxBytes` (as declared, or as it arrives). */
export async function textWithin(req: Request, maxBytes = MAX_BODY_BYTES): Promise<string | null> {
  const bytes = await bytesWithin(req, maxBytes);
  return bytes && bytes.toString("utf8");
}

async function bytesWithin(req: Request, maxBytes: number): Promise<Buffer | null> {
  if (Number(req.headers.get("content-length")) > maxBytes) return null;
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The request as tRPC's fetch adapter reads it, its JSON or form body read
 * only up to MAX_BODY_BYTES: past it, tRPC answers every call of the
 * request with 413 PAYLOAD_TOO_LARGE in its own error shape (it passes a
 * TRPCError thrown while reading inputs through as it is). Other bodies
 * (application/octet-stream) reach no procedure of ours unread: every input
 * schema refuses a stream.
 */
export function withBodyLimit(req: Request): Request {
  const within = async () => {
    const bytes = await bytesWithin(req, MAX_BODY_BYTES);
    if (bytes === null) throw new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: BODY_TOO_LARGE_MESSAGE });
    return bytes;
  };
  return new Proxy(req, {
    get(target, prop) {
      if (prop === "json") return async () => JSON.parse((await within()).toString("utf8")) as unknown;
      if (prop === "formData") {
        return async () =>
          new Response(new Uint8Array(await within()), { headers: { "content-type": target.headers.get("content-type") ?? "" } }).formData();
      }
      // The Request's own methods and getters check that they run on a Request.
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
