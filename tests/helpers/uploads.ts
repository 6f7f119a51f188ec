// Uploads as the tus endpoint leaves them after their last byte.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { db } from "@/server/db";
import { acceptUpload } from "@/server/uploads/accept-upload";
import type { LocalDiskStorage } from "@/server/uploads/storage";

/** A CSV upload of the owner's in `storage`; returns its id. */
export async function uploadCsv(storage: LocalDiskStorage, ownerId: string, content: string, filename = "data.csv") {
  const id = randomUUID().replaceAll("-", "");
  await storage.write(id, Buffer.from(content));
  const size = Buffer.byteLength(content);
  expect(await acceptUpload(db, storage, ownerId, { id, size, metadata: { kind: "csv", filename } })).toEqual({ ok: true });
  return id;
}
