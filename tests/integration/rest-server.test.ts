// The REST API as the production web server serves it: beside Next, from a
// Node request (scripts/lib/rest-server.ts). What a client sees must be what
// the route handler behind Next gave: the JSON answers and their status, the
// 400 for a malformed path that the proxy gave, and no 5xx for a Host
// header no browser would send.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken, revokeAccessToken } from "@/server/access-tokens/tokens";
import { notify } from "@/server/notifications/notify";
import { isRestRequest, serveRest } from "../../scripts/lib/rest-server";
import { createUser } from "../helpers/users";

let base = "";
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (isRestRequest(req.url)) void serveRest(req, res);
    else res.writeHead(404).end("not REST");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

/** A raw HTTP/1.1 request, for what fetch refuses to send (a bad Host). */
function rawRequest(lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
  });
}

describe("the REST API served beside Next", () => {
  it("answers a body over 1 MB, streamed with no Content-Length, with a 413 the client can read", async () => {
    const alice = await createUser();
    const { token } = await createAccessToken({ actor: alice, name: "script", scopes: ["posts:write"] });
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${base}/api/v1/posts`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "transfer-encoding": "chunked" },
      });
      req.on("response", (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.write(`{"title": "big", "body": "fine", "padding": "`);
      const chunk = "x".repeat(64 * 1024);
      for (let sent = 0; sent < 3 * 1024 * 1024; sent += chunk.length) req.write(chunk);
      req.end(`"}`);
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("answers a token's calls, reads and writes, as the route handler does", async () => {
    const alice = await createUser();
    await notify({ recipientId: alice.id, type: "system.test", title: "Served directly" });
    const { token } = await createAccessToken({ actor: alice, name: "script", scopes: ["notifications:read", "notifications:write"] });
    const auth = { authorization: `Bearer ${token}` };

    const list = await fetch(`${base}/api/v1/notifications`, { headers: auth });
    expect(list.status).toBe(200);
    expect(list.headers.get("cache-control")).toBe("no-store, no-transform");
    const body = (await list.json()) as { items: { id: string; title: string }[] };
    expect(body.items.map((n) => n.title)).toEqual(["Served directly"]);

    const read = await fetch(`${base}/api/v1/notifications/read`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ ids: [body.items[0]!.id] }),
    });
    expect(read.status).toBe(200);
    const count = await fetch(`${base}/api/v1/notifications/unread-count`, { headers: auth });
    expect(await count.json()).toBe(0);
  });

  it("refuses a token at once once it is revoked (the token cache is the process's one, shared with Next's copy)", async () => {
    const bob = await createUser();
    const { token, accessToken } = await createAccessToken({ actor: bob, name: "script", scopes: ["notifications:read"] });
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${base}/api/v1/notifications`, { headers: auth })).status).toBe(200);
    await revokeAccessToken({ actor: bob, id: accessToken.id });
    const refused = await fetch(`${base}/api/v1/notifications`, { headers: auth });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers a malformed path with the REST error shape's 400, and an unknown one with 404", async () => {
    const malformed = await fetch(`${base}/api/v1/rooms/%E0%A4%A/messages`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: "BAD_REQUEST", data: { httpStatus: 400 } });
    const nul = await fetch(`${base}/api/v1/notifications/%00/read`, { method: "POST" });
    expect(nul.status).toBe(400);
    expect((await fetch(`${base}/api/v1/no-such-thing`)).status).toBe(404);
  });

  it("does not fail on a Host header no browser sends", async () => {
    const answer = await rawRequest(["GET /api/v1/notifications HTTP/1.1", "Host: a b:/\\@", "Connection: close"]);
    expect(answer).toMatch(/^HTTP\/1\.1 (400|401) /);
  });
});
