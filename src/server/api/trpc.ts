// tRPC's one setup: context, error shape, and the procedure ladder
// public → authed → admin. Routers import only the procedures from here.
import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError, ZodRealError, z } from "zod";
import { scopeForProcedure, type AccessTokenScope } from "@/lib/access-tokens/scopes";
import { INTERNAL_ERROR_MESSAGE } from "@/lib/internal-error";
import { unstorableText } from "@/lib/validation/nul";
import { authenticateAccessToken, bearerToken } from "../access-tokens/tokens";
import { renewedSessionCookie, sessionUserFromRequest, type SessionUser } from "../auth";
import { clientAddress } from "../client-address";
import { isAppError, type AppErrorCode } from "../errors";
import type { SlidingWindowLimit } from "../sliding-window-limit";

/**
 * The context without a request: tests build it with any user. `tokenScopes`
 * is set when the caller used a personal access token (null: a session, with
 * every scope of its role); `badToken` when the token given was not valid.
 */
export function createContextInner(options: {
  user: SessionUser | null;
  headers?: Headers;
  tokenScopes?: AccessTokenScope[] | null;
  badToken?: boolean;
  /** Headers of the HTTP response, when there is one (not for server components and tests). */
  resHeaders?: Headers;
}) {
  const { user, resHeaders } = options;
  return {
    user,
    headers: options.headers ?? new Headers(),
    tokenScopes: options.tokenScopes ?? null,
    badToken: options.badToken ?? false,
    /**
     * After the user's sessions were ended: keeps this browser signed in with
     * a token at the new version. Nothing to renew for an access token.
     */
    async renewSession(sessionVersion: number): Promise<void> {
      if (!user || options.tokenScopes || !resHeaders) return;
      resHeaders.append("set-cookie", await renewedSessionCookie(user, sessionVersion));
    },
  };
}

export async function createContext(options: { req: Request; resHeaders?: Headers }) {
  // A bearer token replaces the session cookie; without one, the session path is unchanged.
  const bearer = bearerToken(options.req.headers);
  if (bearer) {
    const auth = await authenticateAccessToken(bearer);
    return createContextInner({
      user: auth?.user ?? null,
      headers: options.req.headers,
      tokenScopes: auth?.scopes ?? [],
      badToken: !auth,
    });
  }
  return createContextInner({
    user: await sessionUserFromRequest(options.req),
    headers: options.req.headers,
    resHeaders: options.resHeaders,
  });
}

type Context = Awaited<ReturnType<typeof createContextInner>>;

const trpcCodes: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

const developing = () => process.env.NODE_ENV === "development";

const t = initTRPC.context<Context>().meta<OpenApiMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError
        ? (z.flattenError(cause).fieldErrors as Record<string, string[]>)
        : isAppError(cause)
          ? (cause.fieldErrors ?? null)
          : null;
    return {
      ...shape,
      message:
        cause instanceof ZodError
          ? "Some fields need attention."
          : error.code === "INTERNAL_SERVER_ERROR" && !developing()
            ? INTERNAL_ERROR_MESSAGE
            : shape.message,
      data: {
        ...shape.data,
        // Never show server internals to a person, except while developing.
        stack: developing() ? shape.data.stack : undefined,
        fieldErrors,
        retryAfterSeconds: isAppError(cause) ? (cause.retryAfterSeconds ?? null) : null,
      },
    };
  },
});

/**
 * Every procedure's one middleware before its own: refuses input holding
 * NUL or a lone surrogate anywhere (see src/lib/validation/nul.ts) as a
 * validation error on that field, before the input schema, auth or any
 * service (one check for every procedure, tRPC and REST alike); then turns
 * the services' AppError into the matching tRPC error. (One middleware, not
 * two: each level of tRPC's middleware chain copies the call's options and
 * context, and the chain was a third of what a call allocated;
 * docs/benchmarks.md.)
 */
const base = t.middleware(async ({ getRawInput, next }) => {
  const found = unstorableText(await getRawInput());
  if (found) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: found.message,
      // The Error-derived kind zod itself throws: tRPC keeps only an Error as the cause.
      cause: new ZodRealError([{ code: "custom", path: found.path, message: found.message }]),
    });
  }
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodes[cause.code], message: cause.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(base);

/** The signed-in person, or the refusal a caller without one gets. */
function signedInUser(ctx: Context): SessionUser {
  if (ctx.badToken) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "This access token is unknown, revoked or expired." });
  }
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return ctx.user;
}

/**
 * Signed in; a token reaches a procedure only with the scope its path and
 * kind name (reads: `x:read`, changes: `x:write`).
 */
export const authedProcedure = publicProcedure.use(({ ctx, next, path, type }) => {
  const user = signedInUser(ctx);
  if (ctx.tokenScopes) {
    const scope = scopeForProcedure(path, type);
    if (!scope) throw new TRPCError({ code: "FORBIDDEN", message: "Access tokens cannot do this; sign in instead." });
    if (!ctx.tokenScopes.includes(scope)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This access token lacks the ${scope} scope.` });
    }
  }
  return next({ ctx: { ...ctx, user } });
});

/** Signed in as an admin (with a token: one with the admin scope). */
export const adminProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = signedInUser(ctx);
  if (user.role !== "ADMIN") throw new TRPCError({ code: "FORBIDDEN", message: "Only admins can do this." });
  if (ctx.tokenScopes && !ctx.tokenScopes.includes("admin")) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This access token lacks the admin scope." });
  }
  return next({ ctx: { ...ctx, user } });
});

/**
 * Counts the call against a limit before it runs (so a refused call stores
 * nothing): per signed-in person, or per client address for "address".
 * Place it after `.input()`, so calls refused by validation do not count.
 */
export function rateLimited(limit: SlidingWindowLimit, per: "person" | "address" = "person") {
  return t.middleware(async ({ ctx, next }) => {
    const key = per === "address" ? clientAddress(ctx.headers) : ctx.user?.id;
    if (!key) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
    await limit.consume(key);
    return next();
  });
}
