// How much of a request body the API reads: the largest valid input (a post
// of 10,000 characters) is well under 100 KB even with every character
// escaped, so a longer body is refused (413) without being read further,
// rather than held whole in memory first.
import "server-only";
import { TRPCError } from "@trpc/server";

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The body, read only as far as MAX_BODY_BYTES (as declared, or as it
 * arrives); past it, a TRPCError PAYLOAD_TOO_LARGE, which both the REST
 * adapter and tRPC answer with 413 in their own error shape.
 */
export async function bodyWithinLimit(req: Request): Promise<Buffer> {
  const tooLarge = () =>
    new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `The request body is over ${MAX_BODY_BYTES / (1024 * 1024)} MB.` });
  if (Number(req.headers.get("content-length")) > MAX_BODY_BYTES) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The request as tRPC's fetch adapter reads it, its JSON or form body read
 * through bodyWithinLimit (tRPC passes a TRPCError thrown while reading
 * inputs through as it is, to every call of the request). Other bodies
 * (application/octet-stream) reach no procedure of ours unread: every input
 * schema refuses a stream.
 */
export function withBodyLimit(req: Request): Request {
  return new Proxy(req, {
    get(target, prop) {
      if (prop === "json") return async () => JSON.parse((await bodyWithinLimit(target)).toString("utf8")) as unknown;
      if (prop === "formData") {
        return async () =>
          new Response(new Uint8Array(await bodyWithinLimit(target)), {
            headers: { "content-type": target.headers.get("content-type") ?? "" },
          }).formData();
      }
      // The Request's own methods and getters check that they run on a Request.
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
