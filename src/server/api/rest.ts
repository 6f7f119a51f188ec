// The REST API (/api/v1): the same tRPC procedures, exposed by trpc-to-openapi
// for those with `meta.openapi`, with the same context (session or token),
// services and live events. Its OpenAPI 3.1 document is generated from the
// procedures' zod inputs and outputs.
import "server-only";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { generateOpenApiDocument } from "trpc-to-openapi";
import { z } from "zod";
import { restErrorOutput } from "@/lib/validation/api-outputs";
import { isAppError } from "../errors";
import { openApiFetchHandler } from "./rest-fetch-adapter";
import { appRouter } from "./root";
import { createContext } from "./trpc";

export const REST_BASE_PATH = "/api/v1";

type OpenApiDocument = ReturnType<typeof generateOpenApiDocument>;
let document: OpenApiDocument | undefined;

/**
 * The generator describes every error as `{ message, code, issues }` and
 * forbids other properties; the bodies also carry `data` (field errors, retry
 * time). Each error schema becomes the real one, keeping its title and code.
 */
function withRealErrorSchemas(doc: OpenApiDocument): OpenApiDocument {
  const shape: Record<string, unknown> = z.toJSONSchema(restErrorOutput, { io: "output" });
  delete shape.$schema; // The document is the schema's context.
  type ErrorSchema = { title?: string; description?: string; example?: { message?: string } };
  const schemas = (doc.components?.schemas ?? {}) as Record<string, ErrorSchema>;
  for (const [name, generated] of Object.entries(schemas)) {
    if (!name.startsWith("error.")) continue;
    const code = name.slice("error.".length) as TRPCError["code"];
    const httpStatus = getHTTPStatusCodeFromError(new TRPCError({ code }));
    schemas[name] = {
      ...shape,
      title: generated.title,
      description: generated.description,
      example: {
        code,
        message: generated.example?.message ?? code,
        data: { code, httpStatus, fieldErrors: null, retryAfterSeconds: null },
      },
    } as ErrorSchema;
  }
  return doc;
}

export function openApiDocument() {
  document ??= withRealErrorSchemas(generateOpenApiDocument(appRouter, {
    title: "live-notify REST API",
    version: "1.0.0",
    baseUrl: REST_BASE_PATH,
    description:
      "Notifications, posts, rooms and direct conversations of live-notify. Authenticate with a personal access token " +
      "(Profile → Access tokens): `Authorization: Bearer lnt_…`. Each call needs the scope named by " +
      "its resource and kind (`posts:read`, `posts:write`, …; admin calls: `admin`). Errors are JSON " +
      "`{ code, message, data: { fieldErrors, retryAfterSeconds } }`. `GET /events` (catch-up) needs the " +
      "`realtime` scope and the channel's read scope.",
    docsUrl: "/api/docs",
    tags: ["notifications", "posts", "rooms", "conversations", "realtime", "admin"],
  }));
  return document;
}

let handler: ((req: Request) => Promise<Response>) | undefined;

export function handleRestRequest(req: Request): Promise<Response> {
  handler ??= restHandler();
  return handler(req);
}

function restHandler() {
  return openApiFetchHandler({
    endpoint: REST_BASE_PATH,
    router: appRouter,
    createContext: (req) => createContext({ req }),
    responseMeta({ errors }) {
      // Personal data: no cache keeps it. `no-transform` also keeps Next's
      // gzip off these small JSON answers, which cost the server ~4% of its
      // CPU under load for a few hundred bytes saved (docs/architecture.md, "REST answers").
      const headers: Record<string, string> = { "Cache-Control": "no-store, no-transform" };
      // Rate limits tell the client when to come back, as HTTP says.
      const cause = errors[0]?.cause;
      if (isAppError(cause) && cause.retryAfterSeconds) {
        headers["Retry-After"] = String(Math.max(1, Math.ceil(cause.retryAfterSeconds)));
      }
      return { headers };
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[rest] ${path ?? "?"}:`, error.cause ?? error);
    },
  });
}
