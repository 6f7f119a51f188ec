// Signing in: right and wrong passwords, and the limits on repeated failures
// (per email and per address), through next-auth's credentials provider.
import { describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth";
import { SIGN_IN_LIMITS, slowDownMs } from "@/server/accounts/sign-in-limiter";
import { PEER_HEADER } from "@/server/client-address";
import { callerFor } from "../helpers/callers";
import { createUser, TEST_PASSWORD } from "../helpers/users";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

/** authorize() as next-auth calls it, with the request's headers as the app's web server passes them on. */
function signInWith(email: string, password: string, headers: Record<string, string>) {
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize({ email, password }, { headers });
}

/** A sign-in from a browser whose connection comes from `address`. */
function signIn(email: string, password: string, address = "203.0.113.7") {
  return signInWith(email, password, { [PEER_HEADER]: address });
}

async function outcomes(attempts: Promise<unknown>[]) {
  const settled = await Promise.allSettled(attempts);
  const messages = settled.map((r) => (r.status === "rejected" ? String((r.reason as Error).message) : "signed in"));
  return {
    wrong: messages.filter((m) => m === "Wrong email or password.").length,
    refused: messages.filter((m) => m.startsWith("Too many failed sign-ins")).length,
    other: messages.filter((m) => m !== "Wrong email or password." && !m.startsWith("Too many failed sign-ins")),
  };
}

describe("sign-in", () => {
  it("signs in with the right password, case-insensitively on the email, and exposes id and role", async () => {
    const alice = await createUser({ role: "ADMIN" });
    expect(await signIn(alice.email.toUpperCase(), TEST_PASSWORD)).toEqual({
      id: alice.id,
      email: alice.email,
      name: alice.name,
      role: "ADMIN",
      sessionVersion: 0,
    });
  });

  it("answers a wrong password and an unknown email with the same message", async () => {
    const alice = await createUser();
    await expect(signIn(alice.email, "not it", "203.0.113.8")).rejects.toThrow("Wrong email or password.");
    await expect(signIn("nobody@test.example", "not it", "203.0.113.8")).rejects.toThrow("Wrong email or password.");
  });

  it(`refuses an email for a while after ${SIGN_IN_LIMITS.perEmail.points} failures, even with the right password`, async () => {
    const alice = await createUser();
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.points; i++) {
      await expect(signIn(alice.email, `guess ${i}`, `198.51.100.${i}`)).rejects.toThrow("Wrong email or password.");
    }
    await expect(signIn(alice.email, TEST_PASSWORD, "198.51.100.99")).rejects.toThrow(
      /^Too many failed sign-ins\. Try again in 15 minutes\.$/,
    );
    // Other people are not locked out by Alice's attacker.
    const bob = await createUser();
    await expect(signIn(bob.email, TEST_PASSWORD, "198.51.100.99")).resolves.toMatchObject({ id: bob.id });
  }, 60_000);

  it(`refuses an address after ${SIGN_IN_LIMITS.perAddress.points} failures across many emails`, async () => {
    const address = "192.0.2.44";
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.points; i++) {
      await expect(signIn(`someone-${i}@test.example`, "guess", address)).rejects.toThrow("Wrong email or password.");
    }
    const bob = await createUser();
    await expect(signIn(bob.email, TEST_PASSWORD, address)).rejects.toThrow(/Too many failed sign-ins/);
    await expect(signIn(bob.email, TEST_PASSWORD, "192.0.2.45")).resolves.toMatchObject({ id: bob.id });
  }, 60_000);

  it("counts an address by the connection, not by an X-Forwarded-For the client chose (no trusted proxies)", async () => {
    const peer = "192.0.2.60";
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.points; i++) {
      await expect(
        signInWith(`spoof-${i}@test.example`, "guess", { [PEER_HEADER]: peer, "x-forwarded-for": `10.0.${i}.1` }),
      ).rejects.toThrow("Wrong email or password.");
    }
    const bob = await createUser();
    // A new made-up address, or the client's own copy of the peer header, buys no more attempts.
    await expect(
      signInWith(bob.email, TEST_PASSWORD, { [PEER_HEADER]: peer, "x-forwarded-for": "10.99.99.99" }),
    ).rejects.toThrow(/Too many failed sign-ins/);
  }, 60_000);

  it(`lets no more than ${SIGN_IN_LIMITS.perAddress.points} of 40 parallel attempts from one address reach the password check`, async () => {
    const peer = "192.0.2.61";
    const result = await outcomes(
      Array.from({ length: 40 }, (_, i) => signIn(`burst-${i}@test.example`, "guess", peer)),
    );
    expect(result).toEqual({ wrong: SIGN_IN_LIMITS.perAddress.points, refused: 40 - SIGN_IN_LIMITS.perAddress.points, other: [] });
  }, 60_000);

  it(`lets no more than ${SIGN_IN_LIMITS.perEmail.points} of 20 parallel guesses at one email through`, async () => {
    const alice = await createUser();
    const result = await outcomes(
      Array.from({ length: 20 }, (_, i) => signIn(alice.email, `guess ${i}`, `198.18.0.${i}`)),
    );
    expect(result).toEqual({ wrong: SIGN_IN_LIMITS.perEmail.points, refused: 20 - SIGN_IN_LIMITS.perEmail.points, other: [] });
  }, 60_000);

  it("does not count a successful sign-in against the address", async () => {
    const peer = "192.0.2.62";
    const bob = await createUser();
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.points + 2; i++) {
      await expect(signIn(bob.email, TEST_PASSWORD, peer)).resolves.toMatchObject({ id: bob.id });
    }
  }, 60_000);

  it("slows answers after a few failures, up to a cap", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(slowDownMs)).toEqual([0, 0, 750, 1500, 2250, 3000, 3000]);
  });
});

describe("accounts", () => {
  it("signs up, then signs in with the new password; changes name and password", async () => {
    const email = `new-${Date.now()}@test.example`;
    const created = await callerFor(null).account.signUp({ name: "  Nia  ", email: ` ${email.toUpperCase()} `, password: "a long passphrase" });
    expect(created).toMatchObject({ name: "Nia", email, role: "USER" });
    const user = await signIn(email, "a long passphrase", "192.0.2.200");
    expect(user).toMatchObject({ id: created.id });

    const me = callerFor(created);
    expect(await me.account.updateProfile({ name: "Nia N." })).toMatchObject({ name: "Nia N." });
    await me.account.changePassword({ currentPassword: "a long passphrase", newPassword: "another passphrase" });
    await expect(signIn(email, "a long passphrase", "192.0.2.201")).rejects.toThrow("Wrong email or password.");
    expect(await signIn(email, "another passphrase", "192.0.2.202")).toMatchObject({ id: created.id });
  });
});
