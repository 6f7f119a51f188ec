// Repeated failed sign-ins are slowed, then refused for a while, per email
// and per address (src/server/client-address.ts says whose). Counts live in PostgreSQL so every app instance agrees.
import "server-only";
import type { RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors";
import { postgresLimiter } from "../postgres-limiter";

export const SIGN_IN_LIMITS = {
  // `points` failures within `duration` seconds, then refused until the
  // window (counted from the first failure) ends.
  perEmail: { points: 5, duration: 15 * 60 },
  perAddress: { points: 20, duration: 15 * 60 },
  /** Failures before answers start to slow down. */
  slowAfter: 2,
  slowStepMs: 750,
  slowMaxMs: 3_000,
};

const store = globalThis as unknown as { __signInLimiters?: ReturnType<typeof create> };
function create() {
  return {
    email: postgresLimiter("signin-email", SIGN_IN_LIMITS.perEmail),
    address: postgresLimiter("signin-addr", SIGN_IN_LIMITS.perAddress),
  };
}
function limiters() {
  store.__signInLimiters ??= create();
  return store.__signInLimiters;
}

/** How long to hold back the answer after `failures` failed attempts. */
export function slowDownMs(failures: number): number {
  const over = failures - SIGN_IN_LIMITS.slowAfter;
  return over <= 0 ? 0 : Math.min(over * SIGN_IN_LIMITS.slowStepMs, SIGN_IN_LIMITS.slowMaxMs);
}

function refusal(res: RateLimiterRes): AppError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new AppError(
    "TOO_MANY_REQUESTS",
    `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    undefined,
    seconds,
  );
}

/**
 * Takes one attempt from this email's and this address's allowance, before
 * the password is checked, and throws when either is used up. Counting first
 * (one atomic upsert per key) is what holds the limit under a parallel burst:
 * a check that only read the counts let every attempt in flight pass before
 * any of them was counted. Returns how many attempts this email has had in
 * the window, this one included.
 */
export async function consumeSignInAttempt(email: string, address: string): Promise<number> {
  const { email: byEmail, address: byAddress } = limiters();
  const [e, a] = await Promise.allSettled([byEmail.consume(email), byAddress.consume(address)]);
  for (const result of [e, a]) {
    // consume() rejects with the RateLimiterRes once the limit is passed, or with an Error.
    if (result.status === "rejected") {
      if (result.reason instanceof Error) throw result.reason;
      throw refusal(result.reason as RateLimiterRes);
    }
  }
  return (e as PromiseFulfilledResult<RateLimiterRes>).value.consumedPoints;
}

/** A right password was no failure: the email starts afresh, and the address gets its attempt back. */
export async function signInSucceeded(email: string, address: string): Promise<void> {
  const { email: byEmail, address: byAddress } = limiters();
  await Promise.all([byEmail.delete(email), byAddress.reward(address, 1)]);
}
