// trpc-to-openapi's Fetch adapter (`createOpenApiFetchHandler`) with its
// handler built once. The library's adapter builds a node handler for every
// request, and with it the table of every procedure's path pattern (outside
// production, also the whole OpenAPI document, to check the router): about
// 6% of the web server's CPU per REST call in `npm run bench:rest`'s profile,
// for a table that depends only on the router. Otherwise this is the
// library's adapter (trpc-to-openapi 3.3, adapters/fetch) as it is: the
// request is proxied with its body parsed and its path made relative, and the
// node handler's answer becomes a Response; but the body is read through
// bodyWithinLimit (the library's adapter read any body whole, so a 2 MB post
// with a padding field was stored).
import "server-only";
import { TRPCError } from "@trpc/server";
import { createOpenApiNodeHttpHandler, type CreateOpenApiNodeHttpHandlerOptions, type OpenApiRouter } from "trpc-to-openapi";
import { bodyWithinLimit } from "./body-limit";

type Options<TRouter extends OpenApiRouter> = Omit<CreateOpenApiNodeHttpHandlerOptions<TRouter, never, never>, "createContext" | "maxBodySize"> & {
  endpoint: `/${string}`;
  /** The context of the request as it came (not the adapter's proxy of it). */
  createContext: (req: Request) => unknown;
};

type Body = { data: unknown } | { refused: TRPCError };

/** The original request behind the proxy the node handler is given. */
const ORIGINAL = Symbol("original request");

/** A handler for the Fetch API's requests: built once, called for each request. */
export function openApiFetchHandler<TRouter extends OpenApiRouter>(options: Options<TRouter>): (req: Request) => Promise<Response> {
  const handle = createOpenApiNodeHttpHandler({
    router: options.router,
    responseMeta: options.responseMeta,
    onError: options.onError,
    createContext: ({ req }: { req: Record<symbol, Request> }) => options.createContext(req[ORIGINAL]!),
  } as never) as unknown as (req: Request, res: unknown) => Promise<void>;

  return async (req) => {
    const url = new URL(req.url.replace(options.endpoint, ""));
    const body = await requestBody(req);
    const proxied = new Proxy(req, {
      get(target, prop) {
        if (prop === ORIGINAL) return target;
        if (prop === "url") return url.toString();
        if (prop === "body") {
          if ("refused" in body) throw body.refused;
          return body.data;
        }
        return target[prop as keyof Request];
      },
    });
    const headers = new Headers();
    return new Promise((resolve) => {
      let status: number | undefined;
      const res = {
        setHeader(key: string, value: string | string[]) {
          if (typeof value === "string") headers.set(key, value);
          else for (const one of value) headers.append(key, one);
        },
        get statusCode() {
          return status;
        },
        set statusCode(code: number | undefined) {
          status = code;
        },
        end(answer: string) {
          resolve(new Response(answer, { headers, status }));
        },
      };
      void handle(proxied, res);
    });
  };
}

/** The body as the node handler reads it: JSON or a form parsed, anything else as it came. */
async function requestBody(req: Request): Promise<Body> {
  const type = req.headers.get("content-type");
  const json = type?.includes("application/json");
  if (!json && !type?.includes("application/x-www-form-urlencoded")) return { data: req.body };
  try {
    const text = (await bodyWithinLimit(req)).toString("utf8");
    // JSON.parse, not req.json(): a body that is not JSON must be refused (PARSE_ERROR).
    if (json) return { data: JSON.parse(text) };
    const params = new URLSearchParams(text);
    const data: Record<string, string[]> = {};
    for (const key of params.keys()) data[key] = params.getAll(key);
    return { data };
  } catch (cause) {
    return { refused: cause instanceof TRPCError ? cause : new TRPCError({ code: "PARSE_ERROR", message: "Failed to parse request body", cause }) };
  }
}
