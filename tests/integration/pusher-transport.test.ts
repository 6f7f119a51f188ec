// The publisher's batch request (AppPusher.publishBatch) is sent with node's
// http.request instead of the SDK's node-fetch: it must deliver, and fail
// the way the SDK did (a RequestError with the status and body of an
// answer, or with the cause when there was none), since the publisher tells
// "the server refused this batch" from "the server is unreachable" by it.
// The failing servers below are plain HTTP servers standing in for a
// Pusher-protocol server that answers 503, or never answers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { channels } from "@/lib/realtime/channel-names";
import { env } from "@/server/env";
import { toEnvelope } from "@/server/realtime/envelope";
import { AppPusher, createPusher, describePusherError } from "@/server/realtime/pusher";
import { freePort } from "../../scripts/lib/ports";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";
import { TEST_PUSHER } from "../setup/test-pusher";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** An SDK client for a server on 127.0.0.1:port, with a short timeout. */
function pusherAt(port: number, timeout = 5_000) {
  return new AppPusher({ ...TEST_PUSHER, host: "127.0.0.1", port: String(port), useTLS: false, timeout, agent: new http.Agent({ keepAlive: true }) });
}

async function serverThat(handle: http.RequestListener): Promise<{ port: number; requests: { url: string; body: string }[] }> {
  const requests: { url: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push({ url: req.url ?? "", body });
      handle(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as AddressInfo).port, requests };
}

it("delivers a batch to the realtime server's subscribers, in order (Soketi checks the signature)", async () => {
  const alice = await createUser();
  const tab = new RealtimeTestClient(alice);
  cleanups.push(() => tab.disconnect());
  const channel = channels.user(alice.id);
  expect(await tab.subscribe(channel)).toEqual({ ok: true });
  const read = (seq: number, id: string) => ({
    channel,
    name: "notification.read",
    data: JSON.stringify(
      toEnvelope({ seq: BigInt(seq), channel, type: "notification.read", payload: { ids: [id], readAt: new Date().toISOString(), unreadCount: 0 }, createdAt: new Date() }),
    ),
  });

  const answer = await createPusher(env()).publishBatch([read(1, "first"), read(2, "second")]);

  expect(JSON.parse(answer)).toEqual({ ok: true });
  const events = await tab.waitForEvents(channel, 2);
  expect(events.map((e) => [e.id, (e.data as { ids: string[] }).ids[0]])).toEqual([
    [1, "first"],
    [2, "second"],
  ]);
});

it("the request is the SDK's: same path, body and signature", async () => {
  const server = await serverThat((_, res) => res.end("{}"));
  await pusherAt(server.port).publishBatch([{ channel: "private-x", name: "system.test", data: "{}" }]);
  const [request] = server.requests;
  const url = new URL(request!.url, "http://x");
  expect(url.pathname).toBe(`/apps/${TEST_PUSHER.appId}/batch_events`);
  expect(JSON.parse(request!.body)).toEqual({ batch: [{ channel: "private-x", name: "system.test", data: "{}" }] });
  // Signed by the SDK over this body: the same query string it would build.
  const expected = new URLSearchParams(
    pusherAt(server.port).createSignedQueryString({ method: "POST", path: url.pathname, body: request!.body }),
  );
  expect(url.searchParams.get("body_md5")).toBe(expected.get("body_md5"));
  expect(url.searchParams.get("auth_key")).toBe(TEST_PUSHER.key);
  expect(url.searchParams.get("auth_signature")).toMatch(/^[0-9a-f]{64}$/);
});

it("an answer of 400 or above rejects with its status and body", async () => {
  const server = await serverThat((_, res) => res.writeHead(503).end("over capacity"));
  const failure = await pusherAt(server.port)
    .publishBatch([{ channel: "private-x", name: "system.test", data: "{}" }])
    .catch((error: unknown) => error);
  expect(failure).toMatchObject({ status: 503, body: "over capacity" });
  expect(describePusherError(failure)).toBe("HTTP 503");
});

it("no server: rejects with the cause, which the publisher's log names", async () => {
  const port = await freePort();
  const failure = await pusherAt(port)
    .publishBatch([{ channel: "private-x", name: "system.test", data: "{}" }])
    .catch((error: unknown) => error);
  expect(failure).toMatchObject({ status: undefined });
  expect(describePusherError(failure)).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);
});

it("a server that never answers: rejects after the timeout instead of waiting for ever", async () => {
  const server = await serverThat(() => {
    // Reads the request, never answers.
  });
  const failure = await pusherAt(server.port, 300)
    .publishBatch([{ channel: "private-x", name: "system.test", data: "{}" }])
    .catch((error: unknown) => error);
  expect(server.requests).toHaveLength(1);
  expect(describePusherError(failure)).toBe("no answer within 300 ms");
});
