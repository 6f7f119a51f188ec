// Ending sessions: changing the password, or "sign out everywhere", ends
// every other session at its next request (pages, tRPC, channel auth), and
// the session that did it gets a renewed token and stays signed in.
import { describe, expect, it } from "vitest";
import { POST as trpcRoute } from "@/app/api/trpc/[trpc]/route";
import { authOptions, sessionUserFromRequest, type SessionUser } from "@/server/auth";
import { channels } from "@/lib/realtime/channel-names";
import { requestChannelAuth } from "../helpers/channel-auth";
import { liveHarness } from "../helpers/live-harness";
import { sessionCookie } from "../helpers/session";
import { createUser, TEST_PASSWORD } from "../helpers/users";

/** A tRPC mutation over HTTP, as the browser sends it. */
function mutate(path: string, cookie: string, input?: unknown) {
  return trpcRoute(
    new Request(`http://localhost/api/trpc/${path}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify(input === undefined ? {} : { json: input }),
    }),
  );
}

const signedInAs = (cookie: string) => sessionUserFromRequest(new Request("http://localhost/", { headers: { cookie } }));

/** The session cookie a response sets, as the browser would send it back. */
function renewedCookie(res: Response): string | null {
  const set = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  return set ? set.split(";")[0]! : null;
}

async function channelAuthStatus(user: SessionUser, cookie: string) {
  return (await requestChannelAuth(user, channels.user(user.id), "1234.5678", cookie)).status;
}

describe("ending sessions", () => {
  it("a password change ends the other sessions; the one that changed it stays signed in", async () => {
    const alice = await createUser();
    const phone = await sessionCookie(alice);
    const laptop = await sessionCookie(alice);
    expect(await signedInAs(phone)).toMatchObject({ id: alice.id });

    const res = await mutate("account.changePassword", laptop, {
      currentPassword: TEST_PASSWORD,
      newPassword: "a brand new passphrase",
    });
    expect(res.status).toBe(200);
    const renewed = renewedCookie(res);
    expect(renewed).not.toBeNull();

    expect(await signedInAs(phone)).toBeNull();
    expect(await signedInAs(laptop)).toBeNull();
    expect(await signedInAs(renewed!)).toMatchObject({ id: alice.id });
    expect(await channelAuthStatus(alice, phone)).toBe(403);
    expect(await channelAuthStatus(alice, renewed!)).toBe(200);
    // The old session cannot change anything either.
    expect((await mutate("account.updateProfile", phone, { name: "Mallory" })).status).toBe(401);
  });

  it("'sign out everywhere' ends every other session, and again after a second press", async () => {
    const bob = await createUser();
    const other = await sessionCookie(bob);
    const here = await sessionCookie(bob);

    const first = await mutate("account.signOutEverywhere", here);
    expect(first.status).toBe(200);
    const renewed = renewedCookie(first)!;
    expect(await signedInAs(other)).toBeNull();
    expect(await channelAuthStatus(bob, other)).toBe(403);
    expect(await signedInAs(renewed)).toMatchObject({ id: bob.id });

    // A session signed in after the first press is ended by the second.
    const later = await signInCookie(bob);
    expect(await signedInAs(later)).toMatchObject({ id: bob.id });
    const second = await mutate("account.signOutEverywhere", renewed);
    expect(await signedInAs(later)).toBeNull();
    expect(await signedInAs(renewed)).toBeNull();
    expect(await signedInAs(renewedCookie(second)!)).toMatchObject({ id: bob.id });
  });

  it("a refused request renews nothing: a wrong current password keeps every session", async () => {
    const carol = await createUser();
    const other = await sessionCookie(carol);
    const here = await sessionCookie(carol);
    const res = await mutate("account.changePassword", here, { currentPassword: "not it", newPassword: "whatever passphrase" });
    expect(res.status).toBe(400);
    expect(renewedCookie(res)).toBeNull();
    expect(await signedInAs(other)).toMatchObject({ id: carol.id });
  });
});

/** A session cookie as next-auth issues it at sign-in (authorize, then the jwt callback). */
async function signInCookie(user: SessionUser): Promise<string> {
  const options = authOptions();
  const provider = options.providers[0] as unknown as {
    options: { authorize: (c: Record<string, string>, r: { headers: Record<string, string> }) => Promise<unknown> };
  };
  const signedIn = await provider.options.authorize(
    { email: user.email, password: TEST_PASSWORD },
    { headers: { "x-real-peer": "192.0.2.90" } },
  );
  const token = await options.callbacks!.jwt!({ token: { sub: user.id }, user: signedIn as never, account: null, trigger: "signIn" });
  const { encode } = await import("next-auth/jwt");
  return `next-auth.session-token=${await encode({ token, secret: process.env.NEXTAUTH_SECRET! })}`;
}

describe("ending sessions ends their live connections", () => {
  const { client: tab } = liveHarness();

  it("'sign out everywhere' closes the person's signed-in sockets; someone else's stay open", async () => {
    const [erin, frank] = await Promise.all([createUser(), createUser()]);
    const [erinsTab, franksTab] = [tab(erin), tab(frank)];
    expect(await erinsTab.subscribe(channels.user(erin.id))).toEqual({ ok: true });
    expect(await franksTab.subscribe(channels.user(frank.id))).toEqual({ ok: true });
    await Promise.all([erinsTab.signedIn(), franksTab.signedIn()]);

    expect((await mutate("account.signOutEverywhere", await sessionCookie(erin))).status).toBe(200);

    await erinsTab.waitForState("disconnected");
    expect(franksTab.pusher.connection.state).toBe("connected");
  });
});
