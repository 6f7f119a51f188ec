// Convergence, by property: three to five editors type concurrently (inserts,
// deletes, replaces, emoji and combining marks) against one server. Requests
// reach the server in any order, late, twice (a resend after a reconnect) or
// not at all (lost with the connection, then resent); the server's ops reach
// each editor in order but late, repeated, or after a gap filled by a
// catch-up. Whatever happens, once everything is delivered every editor's
// text equals the server's.
//
// The server here is the service's own logic (`rebaseAndApply`, the function
// src/server/documents/operations.ts runs inside its transaction) over an
// in-memory log instead of PostgreSQL.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OtClient, type Outgoing, type ServerOp } from "@/lib/documents/ot-client";
import { codePointLength, ot, type TextOp } from "@/lib/documents/text-ot";
import { isWellFormedText } from "@/lib/well-formed-text";
import { AppError } from "@/server/errors";
import { rebaseAndApply } from "@/server/documents/rebase";

class FakeServer {
  text: string;
  log: ServerOp[] = [];
  constructor(text: string) {
    this.text = text;
  }
  get version() {
    return this.log.length;
  }
  submit(clientId: string, request: Outgoing): void {
    const done = this.log.find((o) => o.clientId === clientId && o.clientSeq === request.clientSeq);
    if (done) return; // idempotent resend
    const history = this.log.slice(request.baseVersion).map((o) => o.op);
    const { op, text } = rebaseAndApply({
      text: this.text,
      version: this.version,
      baseVersion: request.baseVersion,
      history,
      op: request.op,
    });
    this.text = text;
    this.log.push({ version: this.version + 1, op, clientId, clientSeq: request.clientSeq });
  }
}

type Editor = {
  client: OtClient;
  /** Requests on the wire to the server, in sending order. */
  requests: Outgoing[];
  /** How many of the server's ops were pushed to this editor so far. */
  delivered: number;
};

const pieces = ["a", "b", "xy", "é", "e\u0301", "👍", "👍🏽", "👨‍👩‍👧", "\n", "漢字"];

type Action =
  | { kind: "edit"; who: number; at: number; remove: number; insert: string }
  | { kind: "send"; who: number }
  | { kind: "arrive"; who: number }
  | { kind: "deliver"; who: number; count: number }
  | { kind: "redeliver"; who: number }
  | { kind: "reconnect"; who: number };

const action = (editors: number): fc.Arbitrary<Action> => {
  const who = fc.nat({ max: editors - 1 });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("edit" as const),
        who,
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        remove: fc.oneof(fc.constant(0), fc.nat({ max: 4 })),
        insert: fc.oneof(fc.constant(""), fc.constantFrom(...pieces), fc.string({ maxLength: 4 })),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("send" as const), who }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("arrive" as const), who }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant("deliver" as const), who, count: fc.integer({ min: 1, max: 3 }) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("redeliver" as const), who }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("reconnect" as const), who }) },
  );
};

/** An edit on a grapheme-snapped range of the editor's text, as the textarea would make it. */
function localEdit(text: string, at: number, remove: number, insert: string): TextOp {
  const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text), (s) => s.segment);
  const start = Math.floor(at * (graphemes.length + 1));
  const before = graphemes.slice(0, start).join("");
  const removed = graphemes.slice(start, start + remove).join("");
  // Random strings may hold lone surrogates: a browser never produces those.
  const inserted = isWellFormedText(insert) ? insert : "?";
  const op: TextOp = [];
  const pos = codePointLength(before);
  if (pos > 0) op.push(pos);
  if (removed) op.push({ d: codePointLength(removed) });
  if (inserted) op.push(inserted);
  return ot.normalize(op);
}

function deliver(server: FakeServer, editor: Editor, count: number): void {
  // The channel delivers in order; an editor's catch-up resumes after its version.
  editor.delivered = Math.max(editor.delivered, editor.client.version);
  for (let i = 0; i < count && editor.delivered < server.log.length; i++) {
    editor.client.applyServer(server.log[editor.delivered]!);
    editor.delivered++;
  }
}

function run(initial: string, editorCount: number, actions: Action[]) {
  const server = new FakeServer(initial);
  const editors: Editor[] = Array.from({ length: editorCount }, (_, i) => ({
    client: new OtClient({ clientId: `c${i}`, text: initial, version: 0 }),
    requests: [],
    delivered: 0,
  }));

  for (const a of actions) {
    const editor = editors[a.who]!;
    switch (a.kind) {
      case "edit":
        editor.client.applyLocal(localEdit(editor.client.text, a.at, a.remove, a.insert));
        break;
      case "send": {
        const out = editor.client.outgoing();
        if (out) editor.requests.push(out);
        break;
      }
      case "arrive": {
        const request = editor.requests.shift();
        if (request) server.submit(editor.client.clientId, request);
        break;
      }
      case "deliver":
        deliver(server, editor, a.count);
        break;
      case "redeliver": {
        // Pusher may repeat an event; it must change nothing.
        const old = server.log[editor.client.version - 1];
        if (editor.client.version > 0 && old) expect(editor.client.applyServer(old)).toEqual({ kind: "duplicate" });
        break;
      }
      case "reconnect":
        // The connection dropped: requests on the wire are lost, pushes in
        // flight too; the editor catches up from its version and resends.
        editor.requests = [];
        editor.delivered = editor.client.version;
        break;
    }
  }

  // Quiesce: every editor reconnects, resends until acknowledged, catches up.
  for (let round = 0; round < 1_000; round++) {
    let busy = false;
    for (const editor of editors) {
      for (const request of editor.requests.splice(0)) server.submit(editor.client.clientId, request);
      const out = editor.client.outgoing();
      if (out) {
        server.submit(editor.client.clientId, out);
        busy = true;
      }
      deliver(server, editor, Infinity);
    }
    if (!busy) break;
  }
  return { server, editors };
}

describe("OT convergence (property)", () => {
  it("every editor ends with the server's text, whatever the interleaving, delivery order and reconnects", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("", "hello world", "👍🏽 e\u0301 漢字\nline two"),
        fc.integer({ min: 3, max: 5 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.array(action(n), { minLength: 20, maxLength: 120 })),
        ),
        (initial, [editorCount, actions]) => {
          const { server, editors } = run(initial, editorCount, actions);
          for (const editor of editors) {
            expect(editor.client.state).toBe("synced");
            expect(editor.client.version).toBe(server.version);
            expect(editor.client.text).toBe(server.text);
          }
          expect(isWellFormedText(server.text)).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  }, 120_000);

  it("grapheme-snapped edits never split an emoji or a letter from its combining mark", () => {
    // Concurrent inserts and deletes next to whole clusters keep every
    // cluster that no one deleted intact.
    const { server } = run(
      "👨‍👩‍👧e\u0301",
      3,
      [
        { kind: "edit", who: 0, at: 0.4, remove: 1, insert: "" },
        { kind: "edit", who: 1, at: 0.4, remove: 0, insert: "👍🏽" },
        { kind: "edit", who: 2, at: 0.9, remove: 0, insert: "!" },
      ],
    );
    expect(server.text).toBe("👨‍👩‍👧👍🏽!");
  });

  it("the server refuses a malformed or out-of-range op and keeps the text", () => {
    const server = new FakeServer("abc");
    expect(() => server.submit("x", { op: [10, "z"], baseVersion: 0, clientSeq: 1 })).toThrow(AppError);
    expect(() => server.submit("x", { op: [1, 2, "z"], baseVersion: 0, clientSeq: 1 })).toThrow(/malformed/);
    expect(() => server.submit("x", { op: ["z"], baseVersion: 3, clientSeq: 1 })).toThrow(/Reload/);
    expect(server.text).toBe("abc");
    expect(server.version).toBe(0);
  });
});
