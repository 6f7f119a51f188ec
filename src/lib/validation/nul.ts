// Text PostgreSQL cannot store. The NUL character (U+0000) in text or jsonb
// ("invalid byte sequence for encoding UTF8: 0x00"), and half of a UTF-16
// surrogate pair with no other half (JSON's "\ud800" alone: "invalid input
// syntax for type json"), made the write fail with a 500: a title holding one
// did. Nobody types either; a client that sends one made a mistake. Every
// tRPC and REST input is checked once, whole, before its schema runs
// (src/server/api/trpc.ts), so no field can be forgotten.
import { isWellFormedText } from "../well-formed-text";

export const NUL_MESSAGE = "Remove the NUL character (U+0000): text cannot contain it";
export const SURROGATE_MESSAGE = "Remove the broken character (half of a UTF-16 surrogate pair): text cannot contain it";

/** Why a text cannot be stored, or null when it can. */
function unstorable(text: string): string | null {
  if (text.includes("\u0000")) return NUL_MESSAGE;
  if (!isWellFormedText(text)) return SURROGATE_MESSAGE;
  return null;
}

/**
 * The first text or key that cannot be stored: where it is (an issue path:
 * keys and list indexes) and why, or null. A loop, not recursion: the client
 * chooses how deep its input nests, and a recursive walk would overflow the stack.
 */
export function unstorableText(value: unknown): { path: PropertyKey[]; message: string } | null {
  // Each visited node remembers its parent, so a path is built only when found.
  const nodes: { key: PropertyKey; parent: number }[] = [];
  const pending: { value: unknown; node: number }[] = [{ value, node: -1 }];
  const pathTo = (node: number, last?: PropertyKey) => {
    const reversed: PropertyKey[] = last === undefined ? [] : [last];
    for (let at = node; at >= 0; at = nodes[at]!.parent) reversed.push(nodes[at]!.key);
    return reversed.reverse();
  };
  while (pending.length > 0) {
    const { value: current, node } = pending.pop()!;
    if (typeof current === "string") {
      const message = unstorable(current);
      if (message) return { path: pathTo(node), message };
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    const entries: [PropertyKey, unknown][] =
      current instanceof Map ? [...current] : current instanceof Set ? [...current].map((v, i) => [i, v]) : Object.entries(current);
    for (const [key, child] of entries) {
      const index = Array.isArray(current) ? Number(key) : key;
      const message = typeof key === "string" ? unstorable(key) : null;
      if (message) return { path: pathTo(node, index), message };
      nodes.push({ key: index, parent: node });
      pending.push({ value: child, node: nodes.length - 1 });
    }
  }
  return null;
}
