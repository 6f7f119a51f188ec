// tRPC's one setup: context, error shape, and the procedure ladder
// public → authed → admin. Routers import only the procedures from here.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { sessionUserFromRequest, type SessionUser } from "../auth";
import { AppError, type AppErrorCode } from "../errors";

/** The context without a request: tests build it with any user. */
export function createContextInner(options: { user: SessionUser | null; headers?: Headers }) {
  return { user: options.user, headers: options.headers ?? new Headers() };
}

export async function createContext(options: { req: Request }) {
  return createContextInner({ user: await sessionUserFromRequest(options.req), headers: options.req.headers });
}

export type Context = Awaited<ReturnType<typeof createContextInner>>;

const trpcCodes: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError
        ? (z.flattenError(cause).fieldErrors as Record<string, string[]>)
        : cause instanceof AppError
          ? (cause.fieldErrors ?? null)
          : null;
    return {
      ...shape,
      message: cause instanceof ZodError ? "Some fields need attention." : shape.message,
      data: {
        ...shape.data,
        // Never show server internals to a person, except while developing.
        stack: process.env.NODE_ENV === "development" ? shape.data.stack : undefined,
        fieldErrors,
        retryAfterSeconds: cause instanceof AppError ? (cause.retryAfterSeconds ?? null) : null,
      },
    };
  },
});

/** Turns the services' AppError into the matching tRPC error. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodes[cause.code], message: cause.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(appErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "ADMIN") throw new TRPCError({ code: "FORBIDDEN", message: "Only admins can do this." });
  return next({ ctx });
});
