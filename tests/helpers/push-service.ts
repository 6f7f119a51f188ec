// A local Web Push service for integration tests: an https endpoint with a
// self-signed certificate that the app's push sender trusts for the file's
// duration, keeping every push it accepts; and the browser's side of a
// subscription (keys, RFC 8291 decryption).
import { createECDH, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import { afterAll, beforeAll } from "vitest";
import { setPushTransport } from "@/server/notifications/push/push-endpoint";

type ReceivedPush = { path: string; headers: IncomingHttpHeaders; body: Buffer };

/** Starts the service before the file's tests and stops it after them. */
export function localPushService() {
  const service = {
    /** https://127.0.0.1:<port>, set once the service is up. */
    origin: "",
    received: [] as ReceivedPush[],
    /** The status the service answers with (201: accepted; 410: gone). */
    answer: 201,
  };
  let server: https.Server | undefined;
  beforeAll(async () => {
    const pems = await generate([{ name: "commonName", value: "localhost" }], { keySize: 2048, algorithm: "sha256" });
    server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        service.received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(service.answer).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    service.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Trust exactly this certificate (its name is "localhost", the address an
    // IP), and let exactly this origin through the public-hosts-only rule.
    setPushTransport({
      agent: new https.Agent({ ca: pems.cert, checkServerIdentity: () => undefined }),
      exemptOrigins: [service.origin],
    });
  });
  afterAll(async () => {
    setPushTransport({});
    await new Promise((resolve) => server?.close(resolve));
  });
  return service;
}

export type BrowserKeys = ReturnType<typeof browserKeys>;

/** A browser's side of a subscription: its P-256 key pair and auth secret. */
export function browserKeys() {
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
export function decrypt(body: Buffer, browser: Pick<BrowserKeys, "ecdh" | "auth">): string {
  const { ecdh, auth } = browser;
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
