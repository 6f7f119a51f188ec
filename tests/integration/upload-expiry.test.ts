// Unfinished uploads expire UPLOAD_EXPIRY_HOURS after they were started
//: tus refuses to go on with them (410 Gone) and the cleanup job
// deletes their bytes and the quota row holding their place. Finished
// uploads are files people use and are never touched by it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { expireUploads } from "@/server/uploads/expire-uploads";
import { uploadStorage } from "@/server/uploads/storage";
import { createUser } from "../helpers/users";
import { backdateUpload, createUpload, csvOfSize, filesIn, sendBytes, tus, TUS_BASE, uploadId } from "../helpers/tus";

const uploadDir = mkdtempSync(path.join(tmpdir(), "upload-expiry-test-"));
const filesDir = path.join(uploadDir, "files");
process.env.UPLOAD_DIR = uploadDir;
afterAll(() => rmSync(uploadDir, { recursive: true, force: true }));

type User = Awaited<ReturnType<typeof createUser>>;

/** An upload of `length` bytes of which only the first few were sent. */
async function partialUpload(user: User, length = 1000): Promise<string> {
  const id = uploadId((await createUpload(user, "csv", "partial.csv", length)).headers.get("location"));
  expect((await sendBytes(user, id, 0, Buffer.from("a,b\n1,2\n"))).status).toBe(204);
  return id;
}

async function finishedUpload(user: User): Promise<string> {
  const csv = csvOfSize(2000);
  const id = uploadId((await createUpload(user, "csv", "done.csv", csv.length)).headers.get("location"));
  expect((await sendBytes(user, id, 0, csv)).status).toBe(204);
  return id;
}

const filesOf = (id: string) => filesIn(filesDir).filter((f) => f.startsWith(id)).sort();

describe("upload expiry", () => {
  it("tells the client when an unfinished upload expires", async () => {
    const alice = await createUser();
    const created = await createUpload(alice, "csv", "a.csv", 1000);
    const expires = Date.parse(created.headers.get("upload-expires") ?? "");
    // 24 hours after it was started (to the second: the header has no milliseconds).
    expect(expires).toBeGreaterThan(Date.now() + 23.9 * 3600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
  });

  it("refuses to go on with an upload started longer ago than the expiry", async () => {
    const alice = await createUser();
    const id = await partialUpload(alice);
    await backdateUpload(filesDir, id, 25);
    expect((await tus(alice, "HEAD", `${TUS_BASE}/${id}`)).status).toBe(410);
    expect((await sendBytes(alice, id, 8, Buffer.from("3,4\n"))).status).toBe(410);
    // Cancelling it still works (and leaves nothing for the cleanup).
    expect((await tus(alice, "DELETE", `${TUS_BASE}/${id}`)).status).toBe(204);
    expect(filesOf(id)).toEqual([]);
    expect(await db.pendingUpload.count({ where: { id } })).toBe(0);
  });

  it("the cleanup deletes unfinished uploads older than the expiry; fresh and finished ones stay", async () => {
    const alice = await createUser();
    const abandoned = await partialUpload(alice);
    const fresh = await partialUpload(alice);
    const finished = await finishedUpload(alice);
    // One from before quotas existed: bytes on disk, no row holding its place.
    const orphan = await partialUpload(alice);
    await db.pendingUpload.delete({ where: { id: orphan } });
    for (const id of [abandoned, finished, orphan]) await backdateUpload(filesDir, id, 25);
    expect(filesOf(abandoned)).toEqual([abandoned, `${abandoned}.json`]);

    expect(await expireUploads(db, uploadStorage())).toBe(2);

    expect(filesOf(abandoned)).toEqual([]);
    expect(filesOf(orphan)).toEqual([]);
    expect(await db.pendingUpload.count({ where: { id: { in: [abandoned, orphan] } } })).toBe(0);
    expect((await tus(alice, "HEAD", `${TUS_BASE}/${abandoned}`)).status).toBe(404);

    // The fresh one goes on where it was and finishes.
    expect(filesOf(fresh)).toEqual([fresh, `${fresh}.json`]);
    const head = await tus(alice, "HEAD", `${TUS_BASE}/${fresh}`);
    expect(head.headers.get("upload-offset")).toBe("8");
    const rest = Buffer.alloc(1000 - 8, "x");
    rest.write("\n");
    expect((await sendBytes(alice, fresh, 8, rest)).status).toBe(204);
    expect(await db.upload.count({ where: { id: fresh } })).toBe(1);

    // A finished upload is a file in use: kept however old.
    expect(filesOf(finished)).toContain(finished);
    expect(await db.upload.count({ where: { id: finished } })).toBe(1);

    // Nothing more to do on a second run.
    expect(await expireUploads(db, uploadStorage())).toBe(0);
  });

  it("removes a quota row whose upload never reached the disk", async () => {
    const bob = await createUser();
    await db.pendingUpload.create({
      data: { id: "never-stored-upload", ownerId: bob.id, size: 1000, createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    // No bytes were deleted, but the row no longer holds Bob's space.
    expect(await expireUploads(db, uploadStorage())).toBe(0);
    expect(await db.pendingUpload.count({ where: { id: "never-stored-upload" } })).toBe(0);
  });
});
