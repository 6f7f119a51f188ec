// Text inside events is bounded in bytes of the event's JSON, not in
// characters: a character can take up to 6 bytes there (a control character
// is escaped as \u001f, a lone surrogate as \udxxx), so a limit in characters
// alone cannot keep an event under the Pusher-protocol server's size limit
// (src/lib/events.ts, MAX_EVENT_BYTES) whatever people type.
import { z } from "zod";

const encoder = new TextEncoder();

/** The UTF-8 bytes `text` takes inside JSON, escapes included, quotes not. */
export function jsonTextBytes(text: string): number {
  return encoder.encode(JSON.stringify(text)).length - 2;
}

const ELLIPSIS = "…";

/**
 * `text` as it fits in `maxBytes` of JSON, cut at a code point (an emoji is
 * never split) and ending in "…" when cut, and whether it was.
 */
export function fitText(text: string, maxBytes: number): { text: string; cut: boolean } {
  // No UTF-16 unit takes more than 6 bytes: short texts need no measuring.
  if (text.length * 6 <= maxBytes || jsonTextBytes(text) <= maxBytes) return { text, cut: false };
  const points = Array.from(text);
  // The longest prefix that fits with the ellipsis (binary search over code points).
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonTextBytes(points.slice(0, mid).join("") + ELLIPSIS) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return { text: points.slice(0, low).join("") + ELLIPSIS, cut: true };
}

/** A string field of an event, cut (with "…") to `maxBytes` of JSON wherever the event is parsed. */
export function eventText(maxBytes: number) {
  return z.string().transform((text) => fitText(text, maxBytes).text);
}

/** A readable reason: at most `maxChars` characters (code points), "…" when cut. */
export function shortText(text: string, maxChars: number): string {
  const points = Array.from(text);
  return points.length <= maxChars ? text : points.slice(0, maxChars - 1).join("") + ELLIPSIS;
}
