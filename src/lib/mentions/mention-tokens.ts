// Mentions in text (posts, comments, room messages, documents) are stored as
// a stable token, `@[Name](userId)`: the id says who, whatever the person is
// called later; the name is what a reader sees without a look-up. The people
// picker inserts the token; MentionText renders it as a highlighted name.
// Shared by the browser and the server.

/** At most this many people are notified per text (more are shown, not notified). */
export const MAX_MENTIONS_NOTIFIED = 20;

const ID = "[A-Za-z0-9_-]{1,64}";
const NAME = "[^\\[\\]\\n]{1,100}";

/** A fresh global regex (global regexes keep state between calls). */
function mentionPattern(): RegExp {
  return new RegExp(`@\\[(${NAME})\\]\\((${ID})\\)`, "g");
}

/** The token for a person; brackets in a name would end it early, so they go. */
export function mentionToken(person: { id: string; name: string }): string {
  const name = person.name.replace(/[[\]\n]/g, "").trim().slice(0, 100) || "someone";
  return `@[${name}](${person.id})`;
}

export type TextPart = { kind: "text"; text: string } | { kind: "mention"; name: string; userId: string };

/** The text cut into plain runs and mentions, in order. */
export function splitMentions(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(mentionPattern())) {
    if (match.index > last) parts.push({ kind: "text", text: text.slice(last, match.index) });
    parts.push({ kind: "mention", name: match[1]!, userId: match[2]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

/** The distinct people mentioned, in order of first mention. */
export function mentionedIds(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(mentionPattern())) if (!ids.includes(match[2]!)) ids.push(match[2]!);
  return ids;
}

/** The text as a person reads it ("@Name"), for notification titles, excerpts and pushes. */
export function plainMentions(text: string): string {
  return text.replace(mentionPattern(), (_, name: string) => `@${name}`);
}

/**
 * The "@query" being typed just before the caret, or null: an "@" at the
 * start or after a space, then up to 40 characters without spaces or brackets.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@[\]()]{0,40})$/.exec(before);
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}
