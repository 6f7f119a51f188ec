// trpc-to-openapi's Fetch adapter (`createOpenApiFetchHandler`) with its
// handler built once. The library's adapter builds a node handler for every
// request, and with it the table of every procedure's path pattern (outside
// production, also the whole OpenAPI document, to check the router): about
// 6% of the web server's CPU per REST call in `npm run bench:rest`'s profile,
// for a table that depends only on the router. Otherwise this is the
// library's adapter (trpc-to-openapi 3.3, adapters/fetch) as it is: the
// request is proxied with its body parsed and its path made relative, and the
// node handler's answer becomes a Response.
import "server-only";
import { TRPCError } from "@trpc/server";
import { createOpenApiNodeHttpHandler, type CreateOpenApiNodeHttpHandlerOptions, type OpenApiRouter } from "trpc-to-openapi";

type Options<TRouter extends OpenApiRouter> = Omit<CreateOpenApiNodeHttpHandlerOptions<TRouter, never, never>, "createContext"> & {
  endpoint: `/${string}`;
  /** The context of the request as it came (not the adapter's proxy of it). */
  createContext: (req: Request) => unknown;
};

type Body = { isValid: true; data: unknown } | { isValid: false; cause: unknown };

/** The original request behind the proxy the node handler is given. */
const ORIGINAL = Symbol("original request");

/** A handler for the Fetch API's requests: built once, called for each request. */
export function openApiFetchHandler<TRouter extends OpenApiRouter>(options: Options<TRouter>): (req: Request) => Promise<Response> {
  const handle = createOpenApiNodeHttpHandler({
    router: options.router,
    responseMeta: options.responseMeta,
    onError: options.onError,
    maxBodySize: options.maxBodySize,
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
          if (!body.isValid) throw new TRPCError({ code: "PARSE_ERROR", message: "Failed to parse request body", cause: body.cause });
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
  try {
    const type = req.headers.get("content-type");
    if (type?.includes("application/json")) {
      // JSON.parse, not req.json(): a body that is not JSON must be refused (PARSE_ERROR).
      return { isValid: true, data: JSON.parse(await req.text()) };
    }
    if (type?.includes("application/x-www-form-urlencoded")) {
      const params = new URLSearchParams(await req.text());
      const data: Record<string, string[]> = {};
      for (const key of params.keys()) data[key] = params.getAll(key);
      return { isValid: true, data };
    }
    return { isValid: true, data: req.body };
  } catch (cause) {
    return { isValid: false, cause };
  }
}
