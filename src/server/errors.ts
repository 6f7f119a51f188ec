// The one application error type. Services throw AppError with a stable code;
// the tRPC error formatter and the REST handlers map codes to HTTP statuses.
import "server-only";
export const appErrorCodes = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorCodes;

export class AppError extends Error {
  constructor(
    public readonly code: AppErrorCode,
    message: string,
    /** Per-field messages, shown next to form fields. */
    public readonly fieldErrors?: Record<string, string[]>,
    /** Seconds until a refused request may be retried (rate limits). */
    public readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/**
 * Whether `error` is an AppError. By its name and code, not its class: the
 * production web server runs this code twice (Next's bundle, and the REST
 * API beside it, scripts/lib/rest-server.ts), and an error made by one copy
 * is not an instance of the other's class.
 */
export function isAppError(error: unknown): error is AppError {
  if (error instanceof AppError) return true;
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return error instanceof Error && name === "AppError" && typeof code === "string" && code in appErrorCodes;
}

/** A unique index refused the write (Prisma's P2002), whichever copy of the Prisma client made the error. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === "P2002";
}
