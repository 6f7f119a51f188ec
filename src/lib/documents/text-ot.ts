// Plain-text operations, shared by the server and the browser. The OT type is
// ot-text-unicode (ShareDB's text type): an op is a list of components, a
// number skips that many code points, a string inserts, {d: n} deletes n code
// points. Positions count Unicode code points, never UTF-16 units, so a
// surrogate pair can never be cut in half; grapheme clusters (emoji with
// modifiers, letters with combining marks) are kept whole by the editor, which
// snaps every edit to grapheme boundaries (`diffToOp`).
import { type as textType, type TextOp } from "ot-text-unicode";
import { MAX_OP_BYTES, opBytes } from "./text-op-schema";

// The wire shape lives apart so that the event catalogue, which every page
// loads, does not bring the OT library along (text-op-schema.ts).
export { MAX_DOCUMENT_CODE_POINTS, MAX_OP_BYTES, opBytes,  } from "./text-op-schema";

export type { TextOp };
export const ot = textType;

/** Code points of a string. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** How many code points of the document an op reads (skips + deletes). */
function opSpan(op: TextOp): number {
  let span = 0;
  for (const c of op) {
    if (typeof c === "number") span += c;
    else if (typeof c === "object") span += typeof c.d === "number" ? c.d : codePointLength(c.d);
  }
  return span;
}

/** How much an op changes the document's length, in code points. */
export function opDelta(op: TextOp): number {
  let delta = 0;
  for (const c of op) {
    if (typeof c === "string") delta += codePointLength(c);
    else if (typeof c === "object") delta -= typeof c.d === "number" ? c.d : codePointLength(c.d);
  }
  return delta;
}

/** Deletes as counts (smaller, and what transform needs), merged and without a trailing skip. */
export function compactOp(op: TextOp): TextOp {
  return ot.normalize(op.map((c) => (typeof c === "object" ? { d: typeof c.d === "number" ? c.d : codePointLength(c.d) } : c)));
}

/** Why an op cannot be applied to a document of `length` code points, or null when it can. */
export function opProblem(op: TextOp, length: number): string | null {
  try {
    ot.checkOp(op);
  } catch (error) {
    return `The operation is malformed: ${(error as Error).message}.`;
  }
  const span = opSpan(op);
  if (span > length) {
    return `The operation reaches position ${span} but the document has ${length} characters.`;
  }
  return null;
}

/** Code point offset → UTF-16 offset in `text`. */
export function toUtf16Offset(text: string, codePoints: number): number {
  let i = 0;
  let n = 0;
  while (n < codePoints && i < text.length) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    n++;
  }
  return i;
}

/** UTF-16 offset → code point offset in `text`. */
export function toCodePointOffset(text: string, utf16: number): number {
  return codePointLength(text.slice(0, utf16));
}

let segmenter: Intl.Segmenter | null = null;

/** UTF-16 offsets where grapheme clusters start, plus the end. */
function graphemeBoundaries(text: string): number[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const bounds: number[] = [];
  for (const s of segmenter.segment(text)) bounds.push(s.index);
  bounds.push(text.length);
  return bounds;
}

/** The nearest grapheme boundary at or before (`"start"`) / at or after (`"end"`) a UTF-16 offset. */
function snapToGrapheme(text: string, utf16: number, direction: "start" | "end"): number {
  if (utf16 <= 0) return 0;
  if (utf16 >= text.length) return text.length;
  const bounds = graphemeBoundaries(text);
  if (direction === "start") {
    let best = 0;
    for (const b of bounds) if (b <= utf16) best = b;
    return best;
  }
  for (const b of bounds) if (b >= utf16) return b;
  return text.length;
}

/**
 * The op that turns `before` into `after` (one replaced range: what a text
 * field's input event does: typing, deleting, pasting over a selection). The
 * range is widened to whole grapheme clusters of both texts, so an op never
 * cuts an emoji or a letter from its combining marks.
 */
export function diffToOp(before: string, after: string): TextOp {
  if (before === after) return [];
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Widen to grapheme boundaries in both texts. The shared prefix and suffix
  // are equal, so widening both texts by the same amount keeps them aligned;
  // repeat until no boundary moves (a widened end may reach a new cluster).
  let tail = before.length - endBefore;
  for (;;) {
    const s = Math.min(snapToGrapheme(before, start, "start"), snapToGrapheme(after, start, "start"));
    const t = Math.min(
      tail,
      before.length - snapToGrapheme(before, before.length - tail, "end"),
      after.length - snapToGrapheme(after, after.length - tail, "end"),
    );
    if (s === start && t === tail) break;
    start = s;
    tail = t;
  }
  endBefore = before.length - tail;
  endAfter = after.length - tail;
  const pos = codePointLength(before.slice(0, start));
  const removed = codePointLength(before.slice(start, endBefore));
  const inserted = after.slice(start, endAfter);
  const op: TextOp = [];
  if (pos > 0) op.push(pos);
  if (removed > 0) op.push({ d: removed });
  if (inserted.length > 0) op.push(inserted);
  return ot.normalize(op);
}

/** Splits an op whose JSON is too big for one event into several applied one after another. */
export function splitOp(op: TextOp, maxBytes = MAX_OP_BYTES): TextOp[] {
  if (opBytes(op) <= maxBytes) return [op];
  // Walk the op; each piece keeps the position reached so far and inserts at
  // most a chunk of text.
  const pieces: TextOp[] = [];
  let pos = 0; // position in the document as it is after the pieces so far
  const chunkChars = Math.max(1, Math.floor(maxBytes / 8));
  for (const c of op) {
    if (typeof c === "number") pos += c;
    else if (typeof c === "object") {
      const n = typeof c.d === "number" ? c.d : codePointLength(c.d);
      pieces.push(ot.normalize(pos > 0 ? [pos, { d: n }] : [{ d: n }]));
    } else {
      const chars = Array.from(c);
      for (let i = 0; i < chars.length; i += chunkChars) {
        const text = chars.slice(i, i + chunkChars).join("");
        pieces.push(ot.normalize(pos > 0 ? [pos, text] : [text]));
        pos += codePointLength(text);
      }
    }
  }
  return pieces;
}
