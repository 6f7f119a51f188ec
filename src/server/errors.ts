// The one application error type. Services throw AppError with a stable code;
// the tRPC error formatter and the REST handlers map codes to HTTP statuses.
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
