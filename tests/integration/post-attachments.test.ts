// Images attached to posts: only the author's own finished image uploads;
// anything else (someone else's upload, a CSV, an id that is no finished
// upload, more than UPLOAD_MAX_FILES) is refused with a clear message and
// stores nothing. The post's events carry the attachments; the full image is
// served to other signed-in people once attached, never before.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { createAccessToken } from "@/server/access-tokens/tokens";
import { handleRestRequest } from "@/server/api/rest";
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";
import { env, parseEnv } from "@/server/env";
import { attachmentView, forEvent } from "@/server/feed/post-view";
import { eventCatalogue, MAX_EVENT_BYTES } from "@/lib/events";
import { POST_TITLE_MAX } from "@/lib/validation/posts";
import { channels } from "@/lib/realtime/channel-names";
import { acceptUpload } from "@/server/uploads/accept-upload";
import { LocalDiskStorage } from "@/server/uploads/storage";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { sessionCookie } from "../helpers/session";
import { createUser } from "../helpers/users";
import { outboxMark } from "../helpers/outbox";

const uploadDir = mkdtempSync(path.join(tmpdir(), "attachments-test-"));
process.env.UPLOAD_DIR = uploadDir;
const storage = new LocalDiskStorage(path.join(uploadDir, "files"));
// Imported after UPLOAD_DIR is set: the routes' storage reads it on first use.
const fullImage = await import("@/app/api/files/[id]/route");
const thumbnail = await import("@/app/api/files/[id]/thumbnail/route");

const { client } = liveHarness();
afterAll(() => rmSync(uploadDir, { recursive: true, force: true }));

/** A finished upload of `owner`'s, as the tus endpoint leaves it after the last byte. */
async function upload(ownerId: string, kind: "image" | "csv", filename: string) {
  const id = randomUUID().replaceAll("-", "");
  const bytes =
    kind === "image"
      ? await sharp({ create: { width: 300, height: 200, channels: 3, background: "#36c" } }).png().toBuffer()
      : Buffer.from("name,score\nada,3\n");
  await storage.write(id, bytes);
  expect(await acceptUpload(db, storage, ownerId, { id, size: bytes.length, metadata: { kind, filename } })).toEqual({ ok: true });
  return { id, bytes };
}

async function eventsSince(mark: bigint) {
  return db.outboxEvent.findMany({ where: { id: { gt: mark } }, orderBy: { id: "asc" } });
}

async function get(route: typeof fullImage, user: SessionUser, id: string) {
  return route.GET(new Request(`http://localhost/api/files/${id}`, { headers: { cookie: await sessionCookie(user) } }), {
    params: Promise.resolve({ id }),
  });
}

/** Asserts a refused create changed nothing: no post, no attachment, no event. */
async function expectRefused(user: SessionUser, attachmentIds: string[], message: RegExp) {
  const postsBefore = await db.post.count({ where: { authorId: user.id } });
  const attachmentsBefore = await db.postAttachment.count();
  const mark = await outboxMark();
  const id = randomUUID();
  await expect(callerFor(user).posts.create({ id, title: "With images", body: "", attachmentIds })).rejects.toMatchObject({
    code: "BAD_REQUEST",
    message: expect.stringMatching(message),
  });
  expect(await db.post.findUnique({ where: { id } })).toBeNull();
  expect(await db.post.count({ where: { authorId: user.id } })).toBe(postsBefore);
  expect(await db.postAttachment.count()).toBe(attachmentsBefore);
  expect(await eventsSince(mark)).toEqual([]);
}

describe("post attachments", () => {
  it("attaches the author's own finished images, in order, and the post.created event carries them", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const bobsFeed = client(bob);
    expect(await bobsFeed.subscribe(channels.feed())).toEqual({ ok: true });
    const first = await upload(alice.id, "image", "beach.png");
    const second = await upload(alice.id, "image", "sunset.png");
    // Before it is attached, the full image is its owner's alone.
    expect((await get(fullImage, bob, first.id)).status).toBe(404);
    expect((await get(fullImage, alice, first.id)).status).toBe(200);
    const mark = await outboxMark();

    const post = await callerFor(alice).posts.create({
      id: randomUUID(),
      title: "Holiday",
      body: "Two pictures",
      attachmentIds: [second.id, first.id],
    });

    const expected = [
      { id: second.id, fileName: "sunset.png", thumbnailUrl: `/api/files/${second.id}/thumbnail`, url: `/api/files/${second.id}` },
      { id: first.id, fileName: "beach.png", thumbnailUrl: `/api/files/${first.id}/thumbnail`, url: `/api/files/${first.id}` },
    ];
    expect(post.attachments).toEqual(expected);
    expect((await callerFor(bob).posts.get({ id: post.id })).post.attachments).toEqual(expected);
    const page = await callerFor(bob).posts.list({ limit: 5 });
    expect(page.items.find((p) => p.id === post.id)?.attachments).toEqual(expected);

    const events = await eventsSince(mark);
    const created = events.find((e) => e.type === "post.created");
    expect(created?.channel).toBe(channels.feed());
    expect((created?.payload as { post: { attachments: unknown } }).post.attachments).toEqual(expected);
    // What another signed-in reader receives live.
    const received = await bobsFeed.waitForEvents(channels.feed(), 1);
    expect(received.find((e) => e.type === "post.created" && e.data.post.id === post.id)).toMatchObject({
      data: { post: { attachments: expected } },
    });

    // Once attached, other signed-in people see the full image and its thumbnail.
    const full = await get(fullImage, bob, first.id);
    expect(full.status).toBe(200);
    expect(full.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await full.arrayBuffer()).equals(first.bytes)).toBe(true);
    const thumb = await get(thumbnail, bob, first.id);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(256);
  });

  it("an edit keeps the attachments, and post.updated carries them", async () => {
    const alice = await createUser();
    const image = await upload(alice.id, "image", "cat.png");
    const post = await callerFor(alice).posts.create({ title: "Cat", body: "", attachmentIds: [image.id] });
    const mark = await outboxMark();
    const edited = await callerFor(alice).posts.update({ id: post.id, title: "My cat", body: "" });
    expect(edited.attachments.map((a) => a.id)).toEqual([image.id]);
    const updated = (await eventsSince(mark)).filter((e) => e.type === "post.updated");
    expect(updated.map((e) => (e.payload as { post: { attachments: { id: string }[] } }).post.attachments.map((a) => a.id))).toEqual([
      [image.id],
      [image.id],
    ]);
  });

  it("an edit adds and removes images: the stored list and post.updated carry the new ones, in order; the removed, unused one is deleted", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const [a, b, c] = [
      await upload(alice.id, "image", "a.png"),
      await upload(alice.id, "image", "b.png"),
      await upload(alice.id, "image", "c.png"),
    ];
    const post = await callerFor(alice).posts.create({ title: "Three", body: "text", attachmentIds: [a.id, b.id] });
    const bobsFeed = client(bob);
    expect(await bobsFeed.subscribe(channels.feed())).toEqual({ ok: true });
    const mark = await outboxMark();

    // Removes a, adds c in front of b.
    const edited = await callerFor(alice).posts.update({ id: post.id, title: "Three", body: "text", attachmentIds: [c.id, b.id] });

    const expected = [attachmentView({ id: c.id, fileName: "c.png" }), attachmentView({ id: b.id, fileName: "b.png" })];
    expect(edited.attachments).toEqual(expected);
    expect((await callerFor(bob).posts.get({ id: post.id })).post.attachments).toEqual(expected);
    const updated = (await eventsSince(mark)).filter((e) => e.type === "post.updated");
    expect(updated.map((e) => e.channel)).toEqual([channels.feed(), channels.post(post.id)]);
    for (const e of updated) expect((e.payload as { post: { attachments: unknown } }).post.attachments).toEqual(expected);
    const received = await bobsFeed.waitForEvents(channels.feed(), 1);
    expect(received.find((e) => e.type === "post.updated" && e.data.post.id === post.id)).toMatchObject({
      data: { post: { attachments: expected } },
    });

    // a is on no post and nobody's avatar: its row and files are gone.
    expect(await db.upload.findUnique({ where: { id: a.id } })).toBeNull();
    await expect.poll(() => storage.size(a.id)).toBeNull();
    await expect.poll(() => storage.size(`${a.id}.webp`)).toBeNull();
    expect((await get(fullImage, alice, a.id)).status).toBe(404);
    expect(await storage.size(b.id)).not.toBeNull();
  });

  it("an image taken off a post stays while it is still the author's avatar or on another post", async () => {
    const alice = await createUser();
    const avatar = await upload(alice.id, "image", "me.png");
    const shared = await upload(alice.id, "image", "shared.png");
    await callerFor(alice).uploads.setAvatar({ uploadId: avatar.id });
    const post = await callerFor(alice).posts.create({ title: "One", body: "", attachmentIds: [avatar.id, shared.id] });
    await callerFor(alice).posts.create({ title: "Two", body: "", attachmentIds: [shared.id] });
    const edited = await callerFor(alice).posts.update({ id: post.id, title: "One", body: "", attachmentIds: [] });
    expect(edited.attachments).toEqual([]);
    expect(await db.upload.count({ where: { id: { in: [avatar.id, shared.id] } } })).toBe(2);
    expect(await storage.size(avatar.id)).not.toBeNull();
    expect(await storage.size(shared.id)).not.toBeNull();
  });

  it("deleting a post deletes its images that nothing else uses, and keeps the others", async () => {
    const alice = await createUser();
    const [only, avatar, shared] = [
      await upload(alice.id, "image", "only.png"),
      await upload(alice.id, "image", "me.png"),
      await upload(alice.id, "image", "shared.png"),
    ];
    await callerFor(alice).uploads.setAvatar({ uploadId: avatar.id });
    const post = await callerFor(alice).posts.create({ title: "Going", body: "", attachmentIds: [only.id, avatar.id, shared.id] });
    await callerFor(alice).posts.create({ title: "Staying", body: "", attachmentIds: [shared.id] });

    await callerFor(alice).posts.delete({ id: post.id });

    expect(await db.upload.findUnique({ where: { id: only.id } })).toBeNull();
    await expect.poll(() => storage.size(only.id)).toBeNull();
    expect((await get(fullImage, alice, only.id)).status).toBe(404);
    expect(await db.upload.count({ where: { id: { in: [avatar.id, shared.id] } } })).toBe(2);
    expect(await storage.size(avatar.id)).not.toBeNull();
    expect(await storage.size(shared.id)).not.toBeNull();
  });

  it("an edit without attachmentIds leaves the images", async () => {
    const alice = await createUser();
    const [a, b] = [await upload(alice.id, "image", "a.png"), await upload(alice.id, "image", "b.png")];
    const post = await callerFor(alice).posts.create({ title: "Two", body: "", attachmentIds: [b.id, a.id] });
    const edited = await callerFor(alice).posts.update({ id: post.id, title: "Two, renamed", body: "more" });
    expect(edited.attachments.map((x) => x.id)).toEqual([b.id, a.id]);
    expect((await db.postAttachment.findMany({ where: { postId: post.id }, orderBy: { position: "asc" } })).map((x) => x.uploadId)).toEqual([
      b.id,
      a.id,
    ]);
  });

  describe("an edit that is refused changes nothing (title, body, images, events)", () => {
    async function expectEditRefused(attachmentIds: (own: string[]) => string[], setup: (aliceId: string) => Promise<string[]>, message: RegExp) {
      const alice = await createUser();
      const own = [(await upload(alice.id, "image", "kept.png")).id];
      const post = await callerFor(alice).posts.create({ title: "Before", body: "old body", attachmentIds: own });
      const extra = await setup(alice.id);
      const mark = await outboxMark();
      await expect(
        callerFor(alice).posts.update({ id: post.id, title: "After", body: "new body", attachmentIds: attachmentIds([...own, ...extra]) }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
      const stored = await db.post.findUniqueOrThrow({ where: { id: post.id }, include: { attachments: { orderBy: { position: "asc" } } } });
      expect(stored).toMatchObject({ title: "Before", body: "old body", editedAt: null });
      expect(stored.attachments.map((x) => x.uploadId)).toEqual(own);
      expect(await eventsSince(mark)).toEqual([]);
      // The image it kept was not deleted either.
      expect(await storage.size(own[0]!)).not.toBeNull();
    }

    it("someone else's upload", async () => {
      await expectEditRefused(
        (ids) => [ids[1]!],
        async () => [(await upload((await createUser()).id, "image", "bob.png")).id],
        /not a finished upload of yours/,
      );
    });

    it("a CSV", async () => {
      await expectEditRefused((ids) => ids, async (aliceId) => [(await upload(aliceId, "csv", "scores.csv")).id], /scores\.csv is not an image/);
    });

    it("more than UPLOAD_MAX_FILES", async () => {
      const max = env().UPLOAD_MAX_FILES;
      await expectEditRefused(
        (ids) => ids,
        async (aliceId) => {
          const ids = [];
          for (let i = 0; i < max; i++) ids.push((await upload(aliceId, "image", `p${i}.png`)).id);
          return ids;
        },
        new RegExp(`at most ${max} images`),
      );
    });
  });

  it("only the author may change a post's images", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const image = await upload(alice.id, "image", "a.png");
    const post = await callerFor(alice).posts.create({ title: "Mine", body: "", attachmentIds: [image.id] });
    await expect(callerFor(bob).posts.update({ id: post.id, title: "Mine", body: "", attachmentIds: [] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db.postAttachment.count({ where: { postId: post.id } })).toBe(1);
  });

  it("refuses someone else's upload, and stores nothing", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const bobs = await upload(bob.id, "image", "bob.png");
    const own = await upload(alice.id, "image", "alice.png");
    await expectRefused(alice, [own.id, bobs.id], /not a finished upload of yours/);
  });

  it("refuses a CSV upload, naming it", async () => {
    const alice = await createUser();
    const csv = await upload(alice.id, "csv", "scores.csv");
    await expectRefused(alice, [csv.id], /scores\.csv is not an image/);
  });

  it("refuses an id that is no finished upload (unknown, or still uploading)", async () => {
    const alice = await createUser();
    await expectRefused(alice, ["0123456789abcdef0123456789abcdef"], /not a finished upload of yours/);
  });

  it(`refuses more images than UPLOAD_MAX_FILES, and tells the browser the limit`, async () => {
    const alice = await createUser();
    const max = env().UPLOAD_MAX_FILES;
    expect(await callerFor(alice).uploads.limits()).toEqual({ maxFiles: max });
    const images = [];
    for (let i = 0; i <= max; i++) images.push((await upload(alice.id, "image", `p${i}.png`)).id);
    await expectRefused(alice, images, new RegExp(`at most ${max} images`));
    // Exactly the limit is fine.
    const post = await callerFor(alice).posts.create({ title: "Many", body: "", attachmentIds: images.slice(0, max) });
    expect(post.attachments).toHaveLength(max);
  });

  it("the REST API takes attachmentIds and answers with the attachments (its output schema lists them)", async () => {
    const alice = await createUser();
    const image = await upload(alice.id, "image", "chart.png");
    const { token } = await createAccessToken({ actor: alice, name: "test", scopes: ["posts:write", "posts:read"] });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await handleRestRequest(
        new Request(`http://localhost/api/v1${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const created = await call("POST", "/posts", { title: "Chart", body: "", attachmentIds: [image.id] });
    expect(created.status).toBe(200);
    expect(created.json.attachments).toEqual([
      { id: image.id, fileName: "chart.png", thumbnailUrl: `/api/files/${image.id}/thumbnail`, url: `/api/files/${image.id}` },
    ]);
    const refused = await call("POST", "/posts", { title: "Not mine", body: "", attachmentIds: ["nope"] });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toMatch(/not a finished upload of yours/);
  });

  it("a post's event stays under the size limit with the most images allowed and the widest file names", () => {
    // The setting goes up to 10, no further.
    const most = 10;
    expect(parseEnv({ ...process.env, UPLOAD_MAX_FILES: String(most) }).UPLOAD_MAX_FILES).toBe(most);
    expect(() => parseEnv({ ...process.env, UPLOAD_MAX_FILES: String(most + 1) })).toThrow(/UPLOAD_MAX_FILES/);
    const wide = "😀".repeat(500);
    const post = forEvent({
      id: randomUUID(),
      title: "😀".repeat(POST_TITLE_MAX),
      body: wide.repeat(20),
      bodyTruncated: false,
      author: { id: "c".repeat(25), name: "😀".repeat(100) },
      createdAt: new Date().toISOString(),
      editedAt: new Date().toISOString(),
      commentCount: 1_000_000,
      attachments: Array.from({ length: most }, () => attachmentView({ id: "f".repeat(32), fileName: `${wide}.png` })),
    });
    const bytes = Buffer.byteLength(JSON.stringify(eventCatalogue["post.updated"].parse({ post })));
    expect(bytes).toBeLessThan(MAX_EVENT_BYTES);
  });

  it("refuses the limits to signed-out visitors", async () => {
    await expect(callerFor(null).uploads.limits()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
