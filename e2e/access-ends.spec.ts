// Journey: Bob removes Alice from his private room while she has it open.
// Her page closes the room, and the server closes her live connection, so
// the room's later messages never reach her browser, even through a socket
// that did not leave the room's channel by itself (here: her tab's request
// to leave is lost on the way). Her tab reconnects by itself and stays live.
import { expect as baseExpect, test } from "./support/test";
import { demo, expectLive, signIn, signedInPage, unreadBadge } from "./support/accounts";
import { sendAsAdmin } from "./support/notifications";
import { acceptNewestInvitation } from "./support/invitations";

// Three browsers and a reconnect on a busy machine: more patience than the default.
const expect = baseExpect.configure({ timeout: 30_000 });

test("removed from a private room, Alice's browser hears nothing more of it, and stays live", async ({ browser }) => {
  test.setTimeout(240_000);
  const bob = await signedInPage(browser, demo.bob, "/rooms");
  const name = `Private ${Date.now()}`;
  const form = bob.getByRole("form", { name: "New room" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Only people I add").check();
  await form.getByRole("button", { name: "Create room" }).click();
  await expect(bob).toHaveURL(/\/rooms\/[A-Za-z0-9_-]+$/);
  const path = new URL(bob.url()).pathname;
  const roomChannel = `presence-room.${path.split("/").at(-1)}`;
  await bob.getByLabel("Add by email").fill(demo.alice.email);
  await bob.getByRole("button", { name: "Add member" }).click();
  await expect(bob.getByTestId("pending-invitations")).toContainText("Alice");
  // Alice accepts (the invitation's journey is e2e/invitations.spec.ts).
  const invited = await signedInPage(browser, demo.alice, "/inbox");
  await acceptNewestInvitation(invited);
  await invited.context().close();
  await expect(bob.getByTestId("member-list")).toContainText("Alice");

  // Alice's tab: what the server sends is recorded; her request to leave the room's channel is lost.
  const context = await browser.newContext();
  const received: string[] = [];
  let connections = 0;
  await context.routeWebSocket(/\/app\//, (ws) => {
    connections++;
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const text = String(message);
      if (text.includes("pusher:unsubscribe") && text.includes(roomChannel)) return;
      server.send(message);
    });
    server.onMessage((message) => {
      received.push(String(message));
      ws.send(message);
    });
  });
  const alice = await context.newPage();
  await signIn(alice, demo.alice);
  await alice.goto(path);
  await expect(alice.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expectLive(alice);
  const opened = connections; // the sign-in page's and this page's

  // Her tab is in the room's channel before Bob writes: a message sent while
  // its subscription is still being signed reaches her by catch-up (HTTP),
  // not through the socket this journey records (the first journey of a run,
  // on a cold server, saw exactly that).
  await expect
    .poll(() => received.some((frame) => frame.includes("pusher_internal:subscription_succeeded") && frame.includes(roomChannel)))
    .toBe(true);

  const composer = bob.getByRole("form", { name: "Send a message" });
  const say = async (text: string) => {
    await composer.getByLabel("Message").fill(text);
    await composer.getByRole("button", { name: "Send" }).click();
    await expect(bob.getByTestId("message-item").filter({ hasText: text })).toHaveCount(1);
  };
  const before = `Before ${Date.now()}`;
  await say(before);
  await expect(alice.getByTestId("message-item").filter({ hasText: before })).toHaveCount(1);

  await bob.getByRole("button", { name: "Remove Alice from the room" }).click();
  await expect(alice.getByTestId("room-refused")).toContainText("You cannot open this room");
  // The server closed her connection; her tab opened a new one by itself.
  // At least one: a reconnect still "connecting" after 1.5-2 s (a busy
  // machine) is started afresh by the realtime provider, a second socket.
  await expect.poll(() => connections).toBeGreaterThan(opened);
  await expectLive(alice);

  const after = `After ${Date.now()}`;
  await say(after);
  // Sent after Bob's message, on a channel she keeps: once it is on her page,
  // anything of the room's would have arrived before it.
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const unread = await unreadBadge(alice);
  await sendAsAdmin(admin, demo.alice.email, `Marker ${Date.now()}`, "");
  await expect.poll(() => unreadBadge(alice)).toBe(unread + 1);
  expect(received.some((frame) => frame.includes(before))).toBe(true);
  expect(received.some((frame) => frame.includes(after))).toBe(false);
  await expect(alice.getByTestId("connection-banner")).toHaveCount(0);
});
