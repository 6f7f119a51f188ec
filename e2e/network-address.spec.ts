// Journey: the start command prints this machine's network address for a
// phone on the same network. Opened there, the app signs in and goes Live:
// the browser reaches the embedded Soketi at the page's own host, not at
// 127.0.0.1 (which, on a phone, is the phone).
import { expect, test } from "./support/test";
import { demo, expectLive, signIn } from "./support/accounts";
import { networkAddresses } from "../scripts/lib/network-addresses";
import { e2ePorts } from "./support/ports";

test("opened at the machine's network address, the app goes Live", async ({ browser }) => {
  const address = networkAddresses()[0];
  test.skip(!address, "this machine has no network address besides loopback");
  const context = await browser.newContext({ baseURL: `http://${address}:${e2ePorts.app}` });
  const page = await context.newPage();
  const sockets: string[] = [];
  page.on("websocket", (socket) => sockets.push(new URL(socket.url()).hostname));

  await signIn(page, demo.alice);
  await page.goto("/inbox");
  await expectLive(page);
  expect(sockets).toContain(address);
  expect(sockets).not.toContain("127.0.0.1");
  await context.close();
});
