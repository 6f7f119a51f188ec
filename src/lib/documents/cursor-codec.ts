// Live cursors travel as Pusher client events many times a second, so each
// update is a fixed-size binary record rather than JSON (the seeds' "binary
// protocol for game state"). Pusher messages are JSON text, so the 14 bytes
// go base64-encoded (20 characters) as the event's data.
//
//   offset size field
//   0      1    format (1)
//   1      4    document version the positions refer to (u32, big-endian)
//   5      4    anchor: where the selection started, in code points (u32)
//   9      4    head: where the caret is, in code points (u32)
//   13     1    colour index into the palette (u8)
//
// Who sent it is not in the record: on a presence channel the server adds
// the sender's user_id to every client event, and the name comes from the
// signed member list, so nobody can pose as someone else.

import { z } from "zod";

export type CursorUpdate = { version: number; anchor: number; head: number; colour: number };

const CURSOR_FORMAT = 1;
export const CURSOR_BYTES = 14;
export const CURSOR_EVENT = "client-cursor";

const U32_MAX = 0xffff_ffff;

function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= U32_MAX;
}

export function encodeCursorBytes(update: CursorUpdate): Uint8Array {
  if (!isU32(update.version) || !isU32(update.anchor) || !isU32(update.head)) {
    throw new RangeError("Cursor positions and version must be integers from 0 to 2^32-1");
  }
  if (!Number.isInteger(update.colour) || update.colour < 0 || update.colour > 255) {
    throw new RangeError("Cursor colour must be an integer from 0 to 255");
  }
  const bytes = new Uint8Array(CURSOR_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, CURSOR_FORMAT);
  view.setUint32(1, update.version);
  view.setUint32(5, update.anchor);
  view.setUint32(9, update.head);
  view.setUint8(13, update.colour);
  return bytes;
}

/** The record, or null when it is not one (wrong size or format: ignore it). */
export function decodeCursorBytes(bytes: Uint8Array): CursorUpdate | null {
  if (bytes.length !== CURSOR_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== CURSOR_FORMAT) return null;
  return { version: view.getUint32(1), anchor: view.getUint32(5), head: view.getUint32(9), colour: view.getUint8(13) };
}

export function encodeCursor(update: CursorUpdate): string {
  let binary = "";
  for (const byte of encodeCursorBytes(update)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function decodeCursor(data: unknown): CursorUpdate | null {
  if (typeof data !== "string" || data.length !== 20) return null;
  let binary: string;
  try {
    binary = atob(data);
  } catch {
    return null;
  }
  return decodeCursorBytes(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** A cursor event's data as the receiver validates it: the base64 record, decoded. */
export const cursorSignal = z.string().transform((data, ctx): CursorUpdate => {
  const update = decodeCursor(data);
  if (update) return update;
  ctx.addIssue({ code: "custom", message: "Not a cursor record" });
  return z.NEVER;
});

/** At most 20 updates a second per person. */
export const CURSOR_INTERVAL_MS = 50;

/** Cursor colours (index = colour in the record); each person's is fixed by their id. */
export const CURSOR_COLOURS = ["#d9480f", "#1971c2", "#2f9e44", "#9c36b5", "#e8590c", "#0c8599", "#c2255c", "#5c940d"];

export function colourIndexFor(userId: string): number {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return hash % CURSOR_COLOURS.length;
}
