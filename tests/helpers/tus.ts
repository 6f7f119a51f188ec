// The tus upload endpoint as a browser's tus client uses it, called through
// the route handler itself. Import this after setting UPLOAD_DIR: the
// storage reads it on first use, which is the first request.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";
import { sessionCookie } from "./session";

export const TUS_BASE = "http://localhost:3999/api/uploads";

export async function tus(
  user: SessionUser | null,
  method: "POST" | "PATCH" | "HEAD" | "DELETE",
  url: string,
  init: { headers?: Record<string, string>; body?: Buffer } = {},
): Promise<Response> {
  const route = await import("@/app/api/uploads/[[...path]]/route");
  const headers: Record<string, string> = { "tus-resumable": "1.0.0", ...init.headers };
  if (user) headers.cookie = await sessionCookie(user);
  return route[method](
    new Request(url, {
      method,
      headers,
      body: init.body ? new Uint8Array(init.body) : undefined,
      // Node's fetch needs this for a request body stream.
      ...(init.body ? { duplex: "half" } : {}),
    } as RequestInit),
  );
}

const uploadMetadata = (kind: string, filename: string) =>
  `kind ${Buffer.from(kind).toString("base64")},filename ${Buffer.from(filename).toString("base64")}`;

/** Starts an upload of `length` bytes (POST). */
export function createUpload(user: SessionUser | null, kind: string, filename: string, length: number) {
  return tus(user, "POST", TUS_BASE, {
    headers: { "upload-length": String(length), "upload-metadata": uploadMetadata(kind, filename) },
  });
}

/** The upload id from a creation's Location header. */
export function uploadId(location: string | null): string {
  return location!.split("/").at(-1)!;
}

/** Sends bytes from `offset` (PATCH). */
export function sendBytes(user: SessionUser, id: string, offset: number, bytes: Buffer) {
  return tus(user, "PATCH", `${TUS_BASE}/${id}`, {
    headers: { "upload-offset": String(offset), "content-type": "application/offset+octet-stream" },
    body: bytes,
  });
}

/** The names of the files in a storage folder (none when it does not exist yet). */
export function filesIn(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

/** A CSV file of about `bytes` bytes with a header row. */
export function csvOfSize(bytes: number): Buffer {
  const header = "id,value\n";
  const row = "1,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n";
  const body = row.repeat(Math.ceil((bytes - header.length) / row.length));
  return Buffer.from((header + body).slice(0, bytes - 1) + "\n");
}

/**
 * Makes an upload look started `hours` ago: tus' own record beside the bytes
 * (which tus judges expiry by) and the row holding its place in its owner's
 * quota.
 */
export async function backdateUpload(filesDir: string, id: string, hours: number): Promise<void> {
  const createdAt = new Date(Date.now() - hours * 3600_000);
  const infoFile = path.join(filesDir, `${id}.json`);
  const info = JSON.parse(readFileSync(infoFile, "utf8")) as Record<string, unknown>;
  writeFileSync(infoFile, JSON.stringify({ ...info, creation_date: createdAt.toISOString() }));
  await db.pendingUpload.updateMany({ where: { id }, data: { createdAt } });
}
