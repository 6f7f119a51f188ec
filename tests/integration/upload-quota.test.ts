// Each person has UPLOAD_QUOTA_MB of upload space: what they have
// uploaded plus what their unfinished uploads will take. An upload that would
// not fit is refused when it is created, before any byte is stored, with a
// message saying what is left; the browser shows the body of such a refusal.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createUser } from "../helpers/users";
import { backdateUpload, createUpload, csvOfSize, filesIn, sendBytes, tus, TUS_BASE, uploadId } from "../helpers/tus";

const uploadDir = mkdtempSync(path.join(tmpdir(), "upload-quota-test-"));
const filesDir = path.join(uploadDir, "files");
// 1 MB each for this file only (settings are read once per test file).
Object.assign(process.env, { UPLOAD_DIR: uploadDir, UPLOAD_QUOTA_MB: "1" });
afterAll(() => {
  delete process.env.UPLOAD_QUOTA_MB;
  rmSync(uploadDir, { recursive: true, force: true });
});

const KB = 1024;

/** Uploads a whole CSV file of `bytes` bytes; returns its id. */
async function uploadCsv(user: Awaited<ReturnType<typeof createUser>>, bytes: number): Promise<string> {
  const created = await createUpload(user, "csv", "data.csv", bytes);
  expect(created.status).toBe(201);
  const id = uploadId(created.headers.get("location"));
  expect((await sendBytes(user, id, 0, csvOfSize(bytes))).status).toBe(204);
  return id;
}

describe("upload quota", () => {
  it("refuses an upload that would not fit, before storing anything, saying how much is left", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    await uploadCsv(alice, 600 * KB);
    const before = filesIn(filesDir);

    const refused = await createUpload(alice, "csv", "more.csv", 500 * KB);
    expect(refused.status).toBe(413);
    expect(await refused.text()).toBe(
      "Not enough upload space: this file is 500.0 KB and 424.0 KB of your 1 MB is left. " +
        "Delete posts or images you no longer need, or cancel unfinished uploads, to make room.",
    );
    expect(refused.headers.get("location")).toBeNull();
    expect(filesIn(filesDir)).toEqual(before);
    expect(await db.upload.count({ where: { ownerId: alice.id } })).toBe(1);

    // What is left still fits; and the space is each person's own.
    await uploadCsv(alice, 400 * KB);
    await uploadCsv(bob, 900 * KB);
  });

  it("counts unfinished uploads until they are cancelled", async () => {
    const carol = await createUser();
    const first = uploadId((await createUpload(carol, "csv", "big.csv", 700 * KB)).headers.get("location"));
    expect((await sendBytes(carol, first, 0, Buffer.from("a,b\n1,2\n"))).status).toBe(204);

    const refused = await createUpload(carol, "csv", "second.csv", 400 * KB);
    expect(refused.status).toBe(413);
    expect(await refused.text()).toMatch(/^Not enough upload space: this file is 400\.0 KB and 324\.0 KB of your 1 MB is left\./);

    expect((await tus(carol, "DELETE", `${TUS_BASE}/${first}`)).status).toBe(204);
    expect((await createUpload(carol, "csv", "second.csv", 400 * KB)).status).toBe(201);
  });

  it("lets only one of two uploads started at once take the last room", async () => {
    const dave = await createUser();
    const results = await Promise.all([
      createUpload(dave, "csv", "one.csv", 600 * KB),
      createUpload(dave, "csv", "two.csv", 600 * KB),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 413]);
  });

  it("stops counting an unfinished upload once it has expired", async () => {
    const erin = await createUser();
    const abandoned = uploadId((await createUpload(erin, "csv", "abandoned.csv", 900 * KB)).headers.get("location"));
    expect((await createUpload(erin, "csv", "next.csv", 500 * KB)).status).toBe(413);

    // Started 25 hours ago (UPLOAD_EXPIRY_HOURS is 24): it can never finish.
    await backdateUpload(filesDir, abandoned, 25);
    expect((await createUpload(erin, "csv", "next.csv", 500 * KB)).status).toBe(201);
  });
});
