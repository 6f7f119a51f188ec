// Checking a person's email and password at sign-in, with the limits on
// repeated failures.
import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { dummyPasswordHash, verifyPassword } from "./password";
import { consumeSignInAttempt, signInSucceeded, slowDownMs } from "./sign-in-limiter";

const WRONG_CREDENTIALS = "Wrong email or password.";

export async function authenticate(options: { email: string; password: string; address: string }) {
  const attempts = await consumeSignInAttempt(options.email, options.address);
  const user = await db.user.findUnique({
    where: { email: options.email },
    select: { id: true, email: true, name: true, role: true, passwordHash: true, sessionVersion: true },
  });
  const ok = await verifyPassword(options.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) {
    const delay = slowDownMs(attempts);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    throw new AppError("UNAUTHORIZED", WRONG_CREDENTIALS);
  }
  await signInSucceeded(options.email, options.address);
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
