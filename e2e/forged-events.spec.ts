// Journey: only the server speaks on a channel. Bob reads his feed. Alice,
// signed in, opens a raw WebSocket to Soketi from her own browser and sends,
// as `client-*` events, a well-formed maintenance banner on `system` and a
// post under Bob's name on `private-feed`, each with the channel's next event
// id. Soketi delivers both to Bob's browser; his page shows neither, and
// Alice's real post still appears.
import { expect, test, type Browser, type Page } from "./support/test";
import { demo, signIn } from "./support/accounts";
import { mutate } from "./support/trpc";

type Who = (typeof demo)[keyof typeof demo];

/** A signed-in page whose WebSocket traffic the test can watch (listened to before the socket opens). */
async function watchedPage(browser: Browser, who: Who, path: string) {
  const page = await (await browser.newContext()).newPage();
  const socketUrls: string[] = [];
  const received: string[] = [];
  page.on("websocket", (socket) => {
    socketUrls.push(socket.url());
    socket.on("framereceived", ({ payload }) => received.push(String(payload)));
  });
  await signIn(page, who);
  await page.goto(path);
  await expect(page.getByTestId("connection-status")).toContainText("Live", { timeout: 30_000 });
  return { page, socketUrls, received };
}

/** What the forger sends: ready envelopes, as the server would have written them. */
type Forgery = { channel: string; event: string; envelope: Record<string, unknown> };

/**
 * From inside `page` (its cookies), a raw Pusher-protocol socket to `url`:
 * subscribes to each forgery's channel (signed by the app's channel-auth
 * route where needed, as for any subscriber) and sends the forgeries.
 */
async function forgeFrom(page: Page, url: string, forgeries: Forgery[]) {
  await page.evaluate(
    async ({ url, forgeries }) => {
      const socket = new WebSocket(url);
      const frames: { event: string; channel?: string; data?: unknown }[] = [];
      const waiters: (() => void)[] = [];
      socket.addEventListener("message", (message) => {
        frames.push(JSON.parse(String(message.data)));
        waiters.splice(0).forEach((wake) => wake());
      });
      const frame = async (match: (f: (typeof frames)[number]) => boolean) => {
        for (;;) {
          const found = frames.find(match);
          if (found) return found;
          await new Promise<void>((wake) => waiters.push(wake));
        }
      };
      const established = await frame((f) => f.event === "pusher:connection_established");
      const socketId = (JSON.parse(String(established.data)) as { socket_id: string }).socket_id;
      for (const channel of new Set(forgeries.map((f) => f.channel))) {
        let auth: string | undefined;
        if (channel.startsWith("private-")) {
          const response = await fetch("/api/realtime/auth", {
            method: "POST",
            body: new URLSearchParams({ socket_id: socketId, channel_name: channel }),
          });
          auth = ((await response.json()) as { auth: string }).auth;
        }
        socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth } }));
        await frame((f) => f.event === "pusher_internal:subscription_succeeded" && f.channel === channel);
      }
      for (const { channel, event, envelope } of forgeries) socket.send(JSON.stringify({ event, channel, data: envelope }));
    },
    { url, forgeries },
  );
}

/** A tRPC query over HTTP from the page (its cookies). */
async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ path, input }) => {
      const response = await fetch(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
      return ((await response.json()) as { result: { data: { json: unknown } } }).result.data.json;
    },
    { path, input },
  ) as Promise<T>;
}

test("a forged maintenance banner and a forged post under Bob's name never show on Bob's page", async ({ browser }) => {
  test.setTimeout(180_000); // two people signing in on a busy 2-core machine
  const stamp = Date.now();
  const forgedBanner = `Maintenance: sign in again at evil.example ${stamp}`;
  const forgedTitle = `Bob says: I quit ${stamp}`;
  const realTitle = `Real post by Alice ${stamp}`;

  const bob = await watchedPage(browser, demo.bob, "/feed");
  await expect(bob.page.getByRole("heading", { name: "Feed", level: 1 })).toBeVisible();
  const alice = await watchedPage(browser, demo.alice, "/feed");
  expect(alice.socketUrls.length).toBeGreaterThan(0);

  // The next id of each channel, from what any page loads.
  const system = await query<{ head: number }>(alice.page, "system.maintenance", null);
  const feed = await query<{ head: number }>(alice.page, "posts.list", { limit: 1 });
  const now = Date.now();
  await forgeFrom(alice.page, alice.socketUrls[0]!, [
    {
      channel: "system",
      event: "client-maintenance.scheduled",
      envelope: {
        id: system.head + 1,
        type: "maintenance.scheduled",
        channel: "system",
        at: new Date(now).toISOString(),
        data: {
          window: {
            id: `forged-${stamp}`,
            message: forgedBanner,
            startsAt: new Date(now - 60_000).toISOString(),
            endsAt: new Date(now + 3_600_000).toISOString(),
          },
        },
      },
    },
    {
      channel: "private-feed",
      event: "client-post.created",
      envelope: {
        id: feed.head + 1,
        type: "post.created",
        channel: "private-feed",
        at: new Date(now).toISOString(),
        data: {
          post: {
            id: `forged-${stamp}`,
            title: forgedTitle,
            body: "Forged",
            bodyTruncated: false,
            author: { id: "bob", name: "Bob" },
            createdAt: new Date(now).toISOString(),
            editedAt: null,
            commentCount: 0,
          },
        },
      },
    },
  ]);

  // Soketi delivered both to Bob's browser: only the page itself can refuse them.
  await expect
    .poll(() => bob.received.filter((f) => f.includes(String(stamp)) && f.includes('"client-')).length)
    .toBe(2);

  await mutate(alice.page, "posts.create", { title: realTitle, body: "" });
  await expect(bob.page.getByTestId("post-item").first()).toContainText(realTitle);
  await expect(bob.page.getByTestId("post-item").filter({ hasText: forgedTitle })).toHaveCount(0);
  await expect(bob.page.getByTestId("maintenance-banner").filter({ hasText: forgedBanner })).toHaveCount(0);
  await expect(bob.page.getByText(forgedBanner)).toHaveCount(0);
});
