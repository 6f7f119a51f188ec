// Web Push: a subscription pointing at a local https push endpoint (self-
// signed certificate) receives an encrypted push (RFC 8291, aes128gcm) when a
// notification is created and the person has no tab open; none while a tab is
// open; a 410 from the endpoint removes the subscription.
import { createECDH, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { pushNotification, setPushTransport } from "@/server/push/send-push";
import { vapidDetails } from "@/server/push/vapid";
import { callerFor } from "../helpers/callers";
import { createUser } from "../helpers/users";

type Received = { path: string; headers: IncomingHttpHeaders; body: Buffer };
const received: Received[] = [];
let answer = 201;
let server: https.Server;
let origin: string;

beforeAll(async () => {
  const pems = await generate([{ name: "commonName", value: "localhost" }], { keySize: 2048, algorithm: "sha256" });
  server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Trust exactly this certificate (its name is "localhost", the address an IP).
  setPushTransport({ agent: new https.Agent({ ca: pems.cert, checkServerIdentity: () => undefined }) });
});

afterAll(async () => {
  setPushTransport({});
  await new Promise((resolve) => server.close(resolve));
});

/** A browser's side of a subscription: its P-256 key pair and auth secret. */
function browserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
  };
}

/** Decrypts an aes128gcm Web Push body as the browser would (RFC 8291). */
function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const serverKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(-16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, -16)), decipher.final()]);
  return padded.subarray(0, padded.lastIndexOf(2)).toString("utf8");
}

describe("web push", () => {
  it("pushes an encrypted notification to a subscribed device when no tab is open", async () => {
    const alice = await createUser();
    const browser = browserKeys();
    const endpoint = `${origin}/push/${alice.id}`;
    await callerFor(alice).push.subscribe({ endpoint, keys: browser.keys });
    const before = received.length;

    await notify({ recipientId: alice.id, type: "admin.message", title: "Secret plans", body: "Meet at noon", link: "/inbox" });

    await expect.poll(() => received.filter((r) => r.path === `/push/${alice.id}`).length).toBe(1);
    const push = received.slice(before).find((r) => r.path === `/push/${alice.id}`)!;
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.headers.authorization).toMatch(/^vapid t=.+, k=.+/);
    expect(push.body.toString("latin1")).not.toContain("Secret plans");
    expect(JSON.parse(decrypt(push.body, browser.ecdh, browser.auth))).toMatchObject({
      title: "Secret plans",
      body: "Meet at noon",
      link: "/inbox",
    });
  });

  it("sends nothing while the person has a tab open", async () => {
    const bob = await createUser();
    const browser = browserKeys();
    await callerFor(bob).push.subscribe({ endpoint: `${origin}/push/${bob.id}`, keys: browser.keys });
    await db.onlineUser.create({ data: { userId: bob.id } });
    const view = { id: "n1", type: "admin.message", title: "Hi", body: "", link: null, senderName: null, createdAt: new Date().toISOString(), readAt: null, groupCount: 1, actors: [], urgent: false };
    await pushNotification(bob.id, view);
    expect(received.filter((r) => r.path === `/push/${bob.id}`)).toEqual([]);
  });

  it("removes a subscription the push service answers 410 for", async () => {
    const carol = await createUser();
    const browser = browserKeys();
    await callerFor(carol).push.subscribe({ endpoint: `${origin}/push/${carol.id}`, keys: browser.keys });
    expect(await db.pushSubscription.count({ where: { userId: carol.id } })).toBe(1);
    answer = 410;
    try {
      await notify({ recipientId: carol.id, type: "admin.message", title: "Gone?" });
      await expect.poll(() => db.pushSubscription.count({ where: { userId: carol.id } })).toBe(0);
      expect(received.filter((r) => r.path === `/push/${carol.id}`)).toHaveLength(1);
    } finally {
      answer = 201;
    }
  });

  it("keeps the VAPID key pair it made in the database and signs with it", async () => {
    const details = await vapidDetails();
    const row = await db.vapidKeys.findUniqueOrThrow({ where: { id: 1 } });
    expect(details).toMatchObject({ publicKey: row.publicKey, privateKey: row.privateKey });
    expect((await callerFor(await createUser()).push.publicKey()).publicKey).toBe(row.publicKey);
    const signed = received.find((r) => r.headers.authorization);
    expect(signed?.headers.authorization).toContain(`k=${row.publicKey}`);
  });

  it("refuses a subscription that is not https, and a signed-out visitor", async () => {
    const dave = await createUser();
    const keys = browserKeys().keys;
    await expect(callerFor(dave).push.subscribe({ endpoint: "http://example.com/push", keys })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(callerFor(null).push.subscribe({ endpoint: `${origin}/x`, keys })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(await db.pushSubscription.count({ where: { userId: dave.id } })).toBe(0);
  });
});
