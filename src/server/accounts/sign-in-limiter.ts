// Repeated failed sign-ins are slowed, then refused for a while, per email
// and per address. Counts live in PostgreSQL so every app instance agrees.
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

/** Throws when this email or address is currently refused. */
export async function assertSignInAllowed(email: string, address: string): Promise<void> {
  const { email: byEmail, address: byAddress } = limiters();
  const [e, a] = await Promise.all([byEmail.get(email), byAddress.get(address)]);
  for (const [res, limit] of [
    [e, SIGN_IN_LIMITS.perEmail],
    [a, SIGN_IN_LIMITS.perAddress],
  ] as const) {
    if (res && res.consumedPoints >= limit.points) throw refusal(res);
  }
}

/** Counts a failure; returns how many this email has had in the window. */
export async function recordSignInFailure(email: string, address: string): Promise<number> {
  const { email: byEmail, address: byAddress } = limiters();
  const results = await Promise.allSettled([byEmail.consume(email), byAddress.consume(address)]);
  const emailResult = results[0];
  // consume() rejects with the RateLimiterRes once the limit is passed.
  const res = (emailResult.status === "fulfilled" ? emailResult.value : emailResult.reason) as RateLimiterRes;
  if (res instanceof Error) throw res;
  return res.consumedPoints;
}

export async function clearSignInFailures(email: string): Promise<void> {
  await limiters().email.delete(email);
}
