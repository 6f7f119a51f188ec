// Malformed input, generated for every REST operation (from the OpenAPI
// document the app serves) and every tRPC procedure's input schema (from the
// appRouter), is answered with a 4xx in the documented error shape, never a
// 5xx, and a refused call changes nothing in the database. Deterministic: the
// table of malformed values is fixed and fast-check runs with a fixed seed.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { accessTokenScopes } from "@/lib/access-tokens/scopes";
import { restErrorOutput } from "@/lib/validation/api-outputs";
import { createAccessToken } from "@/server/access-tokens/tokens";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { handleRestRequest, openApiDocument } from "@/server/api/rest";
import { appRouter } from "@/server/api/root";
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { callerFor } from "../helpers/callers";
import { dbFingerprint, settledFingerprint } from "../helpers/db-fingerprint";
import {
  baselineFor,
  garbageArbitrary,
  holdsNul,
  malformedVariants,
  MALFORMED_PATH_SEGMENTS,
  MALFORMED_QUERY_VALUES,
  DEEP_NESTING,
  type JsonSchema,
} from "../helpers/malformed-input";
import { restRaw } from "../helpers/rest";
import { sessionCookie } from "../helpers/session";
import { trpcHttp } from "../helpers/trpc-http";
import { createUser } from "../helpers/users";

const SEED = 20_261_202;
/** Random inputs per procedure, on top of the fixed table. */
const RANDOM_RUNS = 5;
/** Refused calls change nothing, so they may overlap; the database's latency then overlaps too. */
const PARALLEL = 4;
/** A refused call may still count against a rate limit or mark the token as used. */
const CHANGED_BY_ANY_CALL = ["RateLimit", "AccessToken"];

type Procedure = {
  _def: { type: "query" | "mutation" | "subscription"; inputs: z.ZodType[]; meta?: { openapi?: { method: string; path: string } } };
};
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;

function inputSchema(procedure: Procedure): z.ZodType | null {
  const [first, ...rest] = procedure._def.inputs;
  if (!first) return null;
  return rest.reduce<z.ZodType>((all, next) => z.intersection(all, next), first);
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** Whether zod would let `input` through: then the call may succeed, and only a 5xx is wrong. */
async function acceptedByZod(schema: z.ZodType, input: unknown): Promise<boolean> {
  return (await schema.safeParseAsync(input)).success;
}

// ---- who calls, and real rows to point ids at (so bad values reach the services' writes)

let admin: SessionUser;
let other: SessionUser;
let cookie: string;
let token: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  [admin, other] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
  cookie = await sessionCookie(admin);
  token = (await createAccessToken({ actor: admin, name: "fuzz", scopes: [...accessTokenScopes] })).token;
  const api = callerFor(admin);
  const room = await api.rooms.create({ name: "Fuzz room", visibility: "PRIVATE" });
  const sent = await api.rooms.send({ roomId: room.id, body: "first" });
  const agenda = await api.rooms.addAgendaItem({ roomId: room.id, title: "Item" });
  const post = await api.posts.create({ title: "Fuzz post", body: "" });
  const comment = await api.posts.addComment({ postId: post.id, body: "A comment" });
  const team = await api.teams.create({ name: "Fuzz team" });
  const document = await api.documents.create({ title: "Fuzz doc" });
  const notification = await notify({ recipientId: admin.id, type: "system.test", title: "For the fuzz" });
  const maintenance = await api.admin.scheduleMaintenance({
    message: "Fuzz window",
    startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 7_200_000).toISOString(),
  });
  const conversation = await api.conversations.start({ participantIds: [other.id] });
  const direct = await api.conversations.send({ conversationId: conversation.id, body: "first" });
  Object.assign(ids, {
    conversation: conversation.id,
    conversationMessage: direct.message.id,
    room: room.id,
    message: sent.message.id,
    agendaItem: agenda.item.id,
    post: post.id,
    comment: comment.id,
    team: team.id,
    document: document.id,
    notification: notification!.id,
    maintenance: maintenance.id,
  });
});

/** Real values by procedure and field name; anything else gets a made-up value from its schema. */
function fixtureFor(procedurePath: string) {
  return (name: string): unknown => {
    const [router] = procedurePath.split(".");
    const byProcedure: Record<string, Record<string, unknown>> = {
      "rooms.editMessage": { id: ids.message },
      "rooms.deleteMessage": { id: ids.message },
      "rooms.updateAgendaItem": { id: ids.agendaItem },
      "rooms.deleteAgendaItem": { id: ids.agendaItem },
      "rooms.moveAgendaItem": { id: ids.agendaItem },
      "posts.deleteComment": { id: ids.comment },
      "conversations.markRead": { kind: "conversation", id: ids.conversation, messageId: ids.conversationMessage },
      "conversations.start": { participantIds: [other.id] },
      "conversations.people": { ids: [other.id] },
      "admin.cancelMaintenance": { id: ids.maintenance },
      "preferences.snooze": { id: ids.notification, until: "2099-01-01T00:00:00.000Z" },
      // One person, not everyone in the database, for the variants that are valid.
      "admin.sendAnnouncement": { audience: { kind: "users", userIds: [other.id] } },
      "admin.previewAnnouncement": { audience: { kind: "users", userIds: [other.id] } },
    };
    const byRouter: Record<string, Record<string, unknown>> = {
      posts: { id: ids.post },
      documents: { id: ids.document, email: other.email },
      notifications: { id: ids.notification, recipientEmail: other.email },
      rooms: { email: other.email },
      teams: { email: other.email },
      conversations: { email: other.email, cursor: ids.conversationMessage },
    };
    const byName: Record<string, unknown> = {
      roomId: ids.room,
      conversationId: ids.conversation,
      postId: ids.post,
      teamId: ids.team,
      userId: other.id,
      targetId: ids.room,
    };
    return byProcedure[procedurePath]?.[name] ?? byRouter[router ?? ""]?.[name] ?? byName[name];
  };
}

// ---- what a refusal must look like

const trpcError = z.object({
  message: z.string().min(1),
  code: z.number().int(),
  data: z.looseObject({
    code: z.string(),
    httpStatus: z.number().int(),
    fieldErrors: z.record(z.string(), z.array(z.string())).nullable(),
    retryAfterSeconds: z.number().nullable(),
  }),
});

type Expectation = "refused" | "bad-request" | "no-5xx";

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}… (${text.length} chars)` : text;
}

/** Checks one answer; returns what is wrong with it, or null. */
function problemWith(
  answer: Answer,
  expectation: Expectation,
  errorShape: z.ZodType,
  documentedStatuses?: Set<string>,
): string | null {
  const { status } = answer;
  if (status >= 500) return `answered ${status}: ${describeValue(answer.errorBody)}`;
  if (status < 400) return expectation === "no-5xx" ? null : `was accepted (${status})`;
  const shape = errorShape.safeParse(answer.errorBody);
  if (!shape.success) return `${status} body is not the documented error shape: ${describeValue(answer.errorBody)}`;
  const data = (shape.data as { data: { httpStatus: number; code: string } }).data;
  if (data.httpStatus !== status) return `${status} body says httpStatus ${data.httpStatus}`;
  if (documentedStatuses && !documentedStatuses.has(String(status))) return `${status} is not in the operation's documented responses`;
  if (expectation === "bad-request" && (status !== 400 || data.code !== "BAD_REQUEST")) return `expected 400 BAD_REQUEST, got ${status} ${data.code}`;
  return null;
}

type Answer = { status: number; errorBody: unknown };
type Check = { name: string; expectation: Expectation; send: () => Promise<Answer> };

/** Sends every check (`parallel` at a time: only for calls that change nothing) and lists what went wrong. */
async function problemsOf(checks: Check[], errorShape: z.ZodType, documented?: Set<string>, parallel = 1): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < checks.length) {
        const check = checks[next++]!;
        const problem = problemWith(await check.send(), check.expectation, errorShape, documented);
        if (problem) problems.push(`${check.name}: ${problem}`);
      }
    }),
  );
  return problems.sort();
}

// ---- tRPC: every procedure with an input schema

const trpcProcedures = Object.entries(procedures).filter(([, p]) => p._def.type !== "subscription");

describe("every tRPC procedure refuses malformed input with a 4xx", () => {
  it("has procedures to check (the router is enumerated, not listed by hand)", () => {
    expect(trpcProcedures.length).toBeGreaterThan(50);
  });

  for (const [path, procedure] of trpcProcedures) {
    const schema = inputSchema(procedure);
    if (!schema) continue; // Takes no input: nothing to malform (and a garbage body would run it).
    const type = procedure._def.type as "query" | "mutation";

    it(path, async () => {
      const json = jsonSchemaOf(schema);
      const baseline = baselineFor(json, fixtureFor(path));
      const call = async (input: unknown, raw?: string) => {
        const answer = await trpcHttp(path, type, { cookie, input, raw });
        return { status: answer.status, errorBody: answer.error };
      };
      const refused: Check[] = [];
      const lenient: Check[] = [];
      for (const variant of malformedVariants(json, baseline)) {
        const nul = holdsNul(variant.value);
        if (!nul && (await acceptedByZod(schema, variant.value))) {
          lenient.push({ name: variant.name, expectation: "no-5xx", send: () => call(variant.value) });
        } else {
          refused.push({ name: variant.name, expectation: nul ? "bad-request" : "refused", send: () => call(variant.value) });
        }
      }
      // Not superjson, not JSON, and nesting too deep for any recursive walk.
      const deep = `${"[".repeat(DEEP_NESTING * 50)}${"]".repeat(DEEP_NESTING * 50)}`;
      const wire = type === "query"
        ? [["not JSON", "%7B"], ["bad escape", "%E0%A4%A"], ["deep nesting", encodeURIComponent(`{"json":${deep}}`)]]
        : [["not JSON", "{"], ["deep nesting", `{"json":${deep}}`], ["superjson meta of nothing", '{"json":{},"meta":{"values":{"a.b":["Date"]}}}']];
      for (const [name, raw] of wire) refused.push({ name: `wire, ${name}`, expectation: "refused", send: () => call(undefined, raw) });

      const before = await settledFingerprint(CHANGED_BY_ANY_CALL);
      expect(await problemsOf(refused, trpcError, undefined, PARALLEL)).toEqual([]);
      expect(await dbFingerprint(CHANGED_BY_ANY_CALL), "a refused call changed the database").toEqual(before);

      // Valid-looking variants and random garbage may succeed, but never crash.
      expect(await problemsOf(lenient, trpcError)).toEqual([]);
      await fc.assert(
        fc.asyncProperty(garbageArbitrary(json, baseline), async (input) => {
          expect(problemWith(await call(input), holdsNul(input) ? "bad-request" : "no-5xx", trpcError)).toBeNull();
        }),
        { seed: SEED, numRuns: RANDOM_RUNS },
      );
    });
  }
});

// ---- REST: every operation of the OpenAPI document

type Operation = {
  parameters?: { in: "path" | "query"; name: string; schema: JsonSchema; required?: boolean }[];
  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
  responses: Record<string, unknown>;
};

const document = openApiDocument() as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
const restOperations = Object.entries(document.paths).flatMap(([template, item]) =>
  Object.entries(item)
    .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
    .map(([method, operation]) => ({ method: method.toUpperCase(), template, operation })),
);

/** A real value for each path parameter of each operation: a new operation must be added here. */
const restPathValues: Record<string, Record<string, () => string>> = {
  "/notifications/{id}/read": { id: () => ids.notification! },
  "/rooms/{roomId}/messages": { roomId: () => ids.room! },
  "/conversations/{conversationId}/messages": { conversationId: () => ids.conversation! },
  "/admin/maintenance/{id}": { id: () => ids.maintenance! },
  "/admin/people/{userId}/role": { userId: () => other.id },
};

function procedureFor(method: string, template: string): Procedure {
  const found = Object.values(procedures).find(
    (p) => p._def.meta?.openapi?.method === method && p._def.meta.openapi.path === template,
  );
  if (!found) throw new Error(`No procedure serves ${method} ${template}`);
  return found;
}

function pathWith(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!);
}

describe("every REST operation refuses malformed input with a 4xx", () => {
  it("has the operations docs/rest-api.md lists", () => {
    expect(restOperations.map((o) => `${o.method} ${o.template}`)).toEqual(
      expect.arrayContaining(["POST /posts", "POST /notifications/{id}/read", "POST /rooms/{roomId}/messages", "GET /events"]),
    );
  });

  it("describes every error response in the OpenAPI document with the shape it has", () => {
    const shape: Record<string, unknown> = z.toJSONSchema(restErrorOutput, { io: "output" });
    delete shape.$schema;
    for (const { method, template, operation } of restOperations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status.startsWith("2")) continue;
        let schema = (response as { content: Record<string, { schema: { $ref?: string } }> }).content["application/json"]!.schema;
        if (schema.$ref) schema = document.components.schemas[schema.$ref.split("/").at(-1)!] as typeof schema;
        expect(schema, `${method} ${template} ${status}`).toMatchObject(shape);
      }
    }
  });

  for (const { method, template, operation } of restOperations) {
    it(`${method} ${template}`, async () => {
      const params = operation.parameters ?? [];
      const pathParams = params.filter((p) => p.in === "path").map((p) => p.name);
      const known = restPathValues[template] ?? {};
      expect(pathParams.filter((name) => !known[name]), `add real values for ${template} to restPathValues`).toEqual([]);
      const pathValues = Object.fromEntries(pathParams.map((name) => [name, known[name]!()]));
      const procedure = procedureFor(method, template);
      const schema = inputSchema(procedure);
      const bodySchema = operation.requestBody?.content["application/json"].schema;
      const fixture = fixtureFor(Object.entries(procedures).find(([, p]) => p === procedure)![0]);
      const baseline = bodySchema ? baselineFor(bodySchema, fixture) : undefined;
      const documented = new Set(Object.keys(operation.responses));
      const send = async (path: string, body?: string, contentType?: string | null): Promise<Answer> => {
        // A POST without a body schema (its input is all in the path) still sends JSON, as clients do.
        const defaultBody = bodySchema ? JSON.stringify(baseline) : method === "GET" ? undefined : "{}";
        const answer = await restRaw({ method, path, token, body: body ?? defaultBody, contentType });
        return { status: answer.status, errorBody: answer.json ?? answer.text };
      };
      const path = pathWith(template, pathValues);
      const refused: Check[] = [];
      const lenient: Check[] = [];

      for (const name of pathParams) {
        for (const segment of MALFORMED_PATH_SEGMENTS) {
          const malformed = pathWith(template, { ...pathValues, [name]: segment.raw });
          refused.push({ name: `{${name}} ${segment.name}`, expectation: segment.badEscape ? "bad-request" : "refused", send: () => send(malformed) });
        }
      }
      for (const param of params.filter((p) => p.in === "query")) {
        for (const value of MALFORMED_QUERY_VALUES) {
          const check: Check = { name: `?${param.name} ${value.name}`, expectation: "no-5xx", send: () => send(`${path}?${param.name}=${value.raw}`) };
          // A query value is text: most malformed ones are a cursor or page size that finds nothing, not an error.
          if (value.raw.includes("%00")) refused.push({ ...check, expectation: "bad-request" });
          else lenient.push(check);
        }
      }
      if (bodySchema) {
        for (const variant of malformedVariants(bodySchema, baseline)) {
          const body = JSON.stringify(variant.value);
          if (body === undefined) continue;
          const sent = JSON.parse(body) as unknown;
          const input = typeof sent === "object" && sent && !Array.isArray(sent) ? { ...sent, ...pathValues } : sent;
          const nul = holdsNul(sent);
          if (!nul && schema && (await acceptedByZod(schema, input))) {
            lenient.push({ name: `body ${variant.name}`, expectation: "no-5xx", send: () => send(path, body) });
          } else {
            refused.push({ name: `body ${variant.name}`, expectation: nul ? "bad-request" : "refused", send: () => send(path, body) });
          }
        }
        for (const [name, body, type] of [
          ["not JSON", "{", "application/json"],
          ["empty", "", "application/json"],
          ["deep nesting", `${"[".repeat(DEEP_NESTING * 50)}${"]".repeat(DEEP_NESTING * 50)}`, "application/json"],
          ["text/plain", JSON.stringify(baseline), "text/plain"],
          ["no content type", JSON.stringify(baseline), null],
        ] as const) {
          refused.push({ name: `body ${name}`, expectation: "refused", send: () => send(path, body, type) });
        }
      }

      const before = await settledFingerprint(CHANGED_BY_ANY_CALL);
      expect(await problemsOf(refused, restErrorOutput, documented, PARALLEL)).toEqual([]);
      expect(await dbFingerprint(CHANGED_BY_ANY_CALL), "a refused call changed the database").toEqual(before);

      expect(await problemsOf(lenient, restErrorOutput, documented)).toEqual([]);
      if (bodySchema) {
        await fc.assert(
          fc.asyncProperty(garbageArbitrary(bodySchema, baseline), async (value) => {
            const body = JSON.stringify(value);
            if (body === undefined) return;
            const expectation = holdsNul(JSON.parse(body)) ? "bad-request" : "no-5xx";
            expect(problemWith(await send(path, body), expectation, restErrorOutput, documented)).toBeNull();
          }),
          { seed: SEED, numRuns: RANDOM_RUNS },
        );
      }
    });
  }
});

describe("a refused request stores nothing", () => {
  it("a post whose title holds NUL is refused naming the field, and does not exist afterwards", async () => {
    const title = `Fuzz ${Date.now()} \u0000 title`;
    const answer = await restRaw({ method: "POST", path: "/posts", token, body: JSON.stringify({ title, body: "" }) });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: "BAD_REQUEST", data: { fieldErrors: { title: [expect.any(String)] } } });
    const viaTrpc = await trpcHttp("posts.create", "mutation", { cookie, input: { title, body: "" } });
    expect(viaTrpc.status).toBe(400);
    expect(viaTrpc.error).toMatchObject({ data: { code: "BAD_REQUEST", fieldErrors: { title: [expect.any(String)] } } });
    expect(await db.post.count({ where: { title: { startsWith: title.split(" ").slice(0, 2).join(" ") } } })).toBe(0);
  });
  it("a title holding half a surrogate pair is refused naming the field (it was a 500), and nothing is stored", async () => {
    const title = `Broken ${Date.now()} \ud800 title`;
    // JSON as a client would write it: the escape of a lone high surrogate.
    const body = `{"title": ${JSON.stringify(title)}, "body": ""}`;
    expect(body).toContain("\\ud800");
    const answer = await restRaw({ method: "POST", path: "/posts", token, body });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: "BAD_REQUEST", data: { fieldErrors: { title: [expect.stringMatching(/surrogate/)] } } });
    const viaTrpc = await trpcHttp("posts.create", "mutation", { cookie, input: { title, body: "" } });
    expect(viaTrpc.status).toBe(400);
    const bob = await createUser();
    const sent = await restRaw({ method: "POST", path: "/admin/notifications", token, body: `{"recipientEmail": "${bob.email}", "title": ${JSON.stringify(title)}}` });
    expect(sent.status).toBe(400);
    expect(await db.post.count({ where: { title: { startsWith: title.split(" ").slice(0, 2).join(" ") } } })).toBe(0);
    expect(await db.notification.count({ where: { recipientId: bob.id } })).toBe(0);
  });

  it("a body over 1 MB is refused as too large before it is read whole, declared or streamed, and stores nothing", async () => {
    const title = `Big body ${Date.now()}`;
    // Valid but for its size: the unknown field would be dropped by the schema, and the post made.
    const body = JSON.stringify({ title, body: "fine", padding: "x".repeat(2 * 1024 * 1024) });
    const declared = await restRaw({ method: "POST", path: "/posts", token, body });
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/1 MB/) });

    // Chunked, with no Content-Length: counted as it arrives.
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.subarray(at, at + 64 * 1024));
        controller.close();
      },
    });
    const streamed = await handleRestRequest(
      new Request("http://localhost/api/v1/posts", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(await db.post.count({ where: { title } })).toBe(0);

    // The web app's tRPC endpoint has the same limit, in tRPC's own error shape.
    const viaTrpc = await trpcHttp("posts.create", "mutation", { cookie, raw: JSON.stringify({ json: JSON.parse(body) as unknown }) });
    expect(viaTrpc.status).toBe(413);
    expect(viaTrpc.error).toMatchObject({ message: expect.stringMatching(/1 MB/), data: { code: "PAYLOAD_TOO_LARGE" } });
    // A form body too (tRPC reads multipart/form-data for any procedure).
    const form = new FormData();
    form.set("title", title);
    form.set("padding", "x".repeat(2 * 1024 * 1024));
    const multipart = await trpcPost(new Request("http://localhost/api/trpc/posts.create", { method: "POST", headers: { cookie }, body: form }));
    expect(multipart.status).toBe(413);
    expect(await db.post.count({ where: { title } })).toBe(0);

    // Just under the limit goes through (the limit is on the body, not on what a post may say).
    const under = await restRaw({ method: "POST", path: "/posts", token, body: JSON.stringify({ title, body: "fine", padding: "x".repeat(900 * 1024) }) });
    expect(under.status).toBe(200);
  });
});
