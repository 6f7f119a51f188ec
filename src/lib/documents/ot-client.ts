// One editor's side of OT: the classic client state machine (ot.js):
//   synced            nothing unacknowledged
//   awaiting ack      one op sent (`inflight`), waiting to see it come back
//   awaiting + buffer more local edits queued behind it
// Local edits apply at once; ops from the server are transformed against what
// is still pending before they touch the local text, and pending ops are
// transformed against them, so local and server text converge.
//
// Acks arrive on the same ordered stream as everyone's ops (the document's
// channel): the op comes back carrying this client's id and sequence number.
// So an op is acknowledged exactly once, in order with the others, however
// often it was resent after a lost connection (the server answers a resend
// of an applied (clientId, clientSeq) with the stored result).
//
// Framework-free: the browser editor and the property test both drive it.
import { compactOp, MAX_OP_BYTES, opBytes, ot, splitOp, type TextOp } from "./text-ot";

export type ServerOp = { version: number; op: TextOp; clientId: string; clientSeq: number };

export type Outgoing = { op: TextOp; baseVersion: number; clientSeq: number };

export type ServerOpResult =
  | { kind: "duplicate" }
  | { kind: "ack" }
  /** Someone else's op, as it applies to the local text. */
  | { kind: "remote"; op: TextOp };

export class VersionGapError extends Error {
  constructor(
    readonly expected: number,
    readonly got: number,
  ) {
    super(`Expected version ${expected}, got ${got}`);
    this.name = "VersionGapError";
  }
}

/** Server ops kept for moving others' cursors from an older version. */
const RECENT_OPS = 500;

export class OtClient {
  /** The local text: the server's at `version`, plus the pending ops. */
  text: string;
  /** The last server version applied. */
  version: number;
  readonly clientId: string;
  private inflight: { op: TextOp; seq: number } | null = null;
  private buffer: TextOp[] = [];
  private nextSeq = 1;
  private readonly recent = new Map<number, TextOp>();

  constructor(options: { clientId: string; text: string; version: number }) {
    this.clientId = options.clientId;
    this.text = options.text;
    this.version = options.version;
  }

  get state(): "synced" | "awaiting" | "awaiting-with-buffer" {
    if (!this.inflight) return "synced";
    return this.buffer.length > 0 ? "awaiting-with-buffer" : "awaiting";
  }

  /** Ops not yet acknowledged, oldest first (in flight, then buffered). */
  get pending(): TextOp[] {
    return this.inflight ? [this.inflight.op, ...this.buffer] : [...this.buffer];
  }

  /** A local edit, made on `this.text`. Big ops are split to fit in one event. */
  applyLocal(rawOp: TextOp): void {
    const op = compactOp(rawOp);
    if (op.length === 0) return;
    for (const piece of splitOp(op)) {
      this.text = ot.apply(this.text, piece);
      if (!this.inflight) {
        this.inflight = { op: piece, seq: this.nextSeq++ };
        continue;
      }
      const last = this.buffer.at(-1);
      const composed = last ? ot.compose(last, piece) : null;
      if (composed && opBytes(composed) <= MAX_OP_BYTES) this.buffer[this.buffer.length - 1] = composed;
      else this.buffer.push(piece);
    }
  }

  /**
   * The op to send now, if any: the one in flight, made on the current
   * version. Sending it again (after a reconnect) is safe.
   */
  outgoing(): Outgoing | null {
    if (!this.inflight) return null;
    return { op: this.inflight.op, baseVersion: this.version, clientSeq: this.inflight.seq };
  }

  /** An op from the server's ordered stream (live, catch-up or reload). */
  applyServer(server: ServerOp): ServerOpResult {
    if (server.version <= this.version) return { kind: "duplicate" };
    if (server.version !== this.version + 1) throw new VersionGapError(this.version + 1, server.version);
    const op = compactOp(server.op);
    this.remember(server.version, op);

    if (this.inflight && server.clientId === this.clientId && server.clientSeq === this.inflight.seq) {
      this.version = server.version;
      const next = this.buffer.shift();
      this.inflight = next ? { op: next, seq: this.nextSeq++ } : null;
      return { kind: "ack" };
    }

    // Pending local ops came later than `op` in the server's order: `op`
    // wins ties ("left"), the pending ones go after ("right"), as the server
    // will transform them.
    let incoming = op;
    if (this.inflight) {
      const mine = this.inflight.op;
      this.inflight = { ...this.inflight, op: ot.transform(mine, incoming, "right") };
      incoming = ot.transform(incoming, mine, "left");
    }
    this.buffer = this.buffer.map((mine) => {
      const transformed = ot.transform(mine, incoming, "right");
      incoming = ot.transform(incoming, mine, "left");
      return transformed;
    });
    this.text = ot.apply(this.text, incoming);
    this.version = server.version;
    return { kind: "remote", op: incoming };
  }

  /**
   * A position someone else reported at server version `atVersion`, moved to
   * the local text (through the server's ops since, then the pending ones).
   * Null when it is too old to move (then hide it until their next update).
   */
  transformRemotePosition(position: number, atVersion: number): number | null {
    let pos = position;
    if (atVersion < this.version) {
      for (let v = atVersion + 1; v <= this.version; v++) {
        const op = this.recent.get(v);
        if (!op) return null;
        pos = ot.transformPosition(pos, op);
      }
    }
    for (const op of this.pending) pos = ot.transformPosition(pos, op);
    return pos;
  }

  private remember(version: number, op: TextOp): void {
    this.recent.set(version, op);
    this.recent.delete(version - RECENT_OPS);
  }
}
