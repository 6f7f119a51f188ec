// The tus upload endpoint as a browser's tus client uses it: create, send
// bytes, resume, cancel. Sizes are refused before bytes are stored, content
// is checked from the bytes, and a refused or cancelled upload leaves
// nothing on disk; only signed-in people, each with their own uploads.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createUser } from "../helpers/users";
import { createUpload as create, filesIn, sendBytes as send, tus, TUS_BASE as BASE, uploadId as idOf } from "../helpers/tus";

const uploadDir = mkdtempSync(path.join(tmpdir(), "uploads-test-"));
process.env.UPLOAD_DIR = uploadDir;
const filesDir = path.join(uploadDir, "files");

afterAll(() => rmSync(uploadDir, { recursive: true, force: true }));

const stored = () => filesIn(filesDir);

describe("uploads", () => {
  it("refuses signed-out visitors", async () => {
    expect((await create(null, "csv", "a.csv", 10)).status).toBe(401);
  });

  it("stores a CSV sent in two parts (resumed from the offset the server reports) as its uploader's", async () => {
    const alice = await createUser();
    const csv = Buffer.from("name,score\nada,3\ngrace,5\n");
    const created = await create(alice, "csv", "../../etc/passwd.csv", csv.length);
    expect(created.status).toBe(201);
    const id = idOf(created.headers.get("location"));
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);

    expect((await send(alice, id, 0, csv.subarray(0, 10))).status).toBe(204);
    // The connection dropped: ask where to go on, and send only the rest.
    const head = await tus(alice, "HEAD", `${BASE}/${id}`);
    expect(head.headers.get("upload-offset")).toBe("10");
    expect((await send(alice, id, 10, csv.subarray(10))).status).toBe(204);

    const upload = await db.upload.findUniqueOrThrow({ where: { id } });
    expect(upload).toMatchObject({ ownerId: alice.id, kind: "CSV", size: csv.length, contentType: "text/csv" });
    // The name is kept for display only; the file is stored under the id.
    expect(upload.fileName).toBe("../../etc/passwd.csv");
    expect(stored()).toContain(id);
  });

  it("refuses a file over the kind's limit before receiving it", async () => {
    const alice = await createUser();
    const before = stored().length;
    const res = await create(alice, "image", "huge.png", 10 * 1024 * 1024 + 1);
    expect(res.status).toBe(413);
    const csvRes = await create(alice, "csv", "huge.csv", 50 * 1024 * 1024 + 1);
    expect(csvRes.status).toBe(413);
    expect(stored().length).toBe(before);
  });

  it("lets a CSV file be as large as the CSV limit, which is above the image limit", async () => {
    const alice = await createUser();
    const created = await create(alice, "csv", "large.csv", 50 * 1024 * 1024);
    expect(created.status).toBe(201);
    const id = idOf(created.headers.get("location"));
    expect((await tus(alice, "DELETE", `${BASE}/${id}`)).status).toBe(204);
  });

  it("rejects content of the wrong type with a clear message and keeps nothing", async () => {
    const alice = await createUser();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#f00" } }).png().toBuffer();
    const created = await create(alice, "csv", "looks-like.csv", png.length);
    const id = idOf(created.headers.get("location"));
    const res = await send(alice, id, 0, png);
    expect(res.status).toBe(415);
    expect(await res.text()).toBe("This file is a PNG file, not a CSV file.");
    expect(stored().filter((f) => f.startsWith(id))).toEqual([]);
    expect(await db.upload.count({ where: { id } })).toBe(0);

    const text = Buffer.from("just some text, not a picture");
    const img = idOf((await create(alice, "image", "photo.jpg", text.length)).headers.get("location"));
    const imgRes = await send(alice, img, 0, text);
    expect(imgRes.status).toBe(415);
    expect(await imgRes.text()).toBe("This file is not a JPEG, PNG or WebP image.");
    expect(stored().filter((f) => f.startsWith(img))).toEqual([]);
  });

  it("makes a thumbnail of an image", async () => {
    const alice = await createUser();
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#0a0" } }).jpeg().toBuffer();
    const id = idOf((await create(alice, "image", "me.jpg", jpeg.length)).headers.get("location"));
    expect((await send(alice, id, 0, jpeg)).status).toBe(204);
    const upload = await db.upload.findUniqueOrThrow({ where: { id } });
    expect(upload).toMatchObject({ kind: "IMAGE", contentType: "image/jpeg", thumbnailKey: `${id}.webp` });
    const meta = await sharp(path.join(filesDir, `${id}.webp`)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 256, 256]);
  });

  it("cancelling midway removes what was received; someone else cannot touch an upload", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const id = idOf((await create(alice, "csv", "big.csv", 1000)).headers.get("location"));
    expect((await send(alice, id, 0, Buffer.from("a,b\n1,2\n"))).status).toBe(204);
    expect(stored()).toContain(id);

    expect((await tus(bob, "HEAD", `${BASE}/${id}`)).status).toBe(403);
    expect((await send(bob, id, 8, Buffer.from("3,4\n"))).status).toBe(403);
    expect((await tus(bob, "DELETE", `${BASE}/${id}`)).status).toBe(403);
    expect(stored()).toContain(id);

    expect((await tus(alice, "DELETE", `${BASE}/${id}`)).status).toBe(204);
    expect(stored().filter((f) => f.startsWith(id))).toEqual([]);
    expect(await db.upload.count({ where: { id } })).toBe(0);
  });
});
