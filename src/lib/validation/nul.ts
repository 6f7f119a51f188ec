// The NUL character (U+0000). PostgreSQL cannot store it in text or jsonb
// ("invalid byte sequence for encoding UTF8: 0x00"), so a title holding one
// failed the write with a 500. Nobody types it; a client that sends it made a
// mistake. Every tRPC and REST input is checked once, whole, before its schema
// runs (src/server/api/trpc.ts), so no field can be forgotten.

export const NUL_MESSAGE = "Remove the NUL character (U+0000): text cannot contain it";

/**
 * Where the first text or key holding NUL is (an issue path: keys and list
 * indexes), or null. A loop, not recursion: the client chooses how deep its
 * input nests, and a recursive walk would overflow the stack.
 */
export function pathToNul(value: unknown): PropertyKey[] | null {
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
      if (current.includes("\u0000")) return pathTo(node);
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    const entries: [PropertyKey, unknown][] =
      current instanceof Map ? [...current] : current instanceof Set ? [...current].map((v, i) => [i, v]) : Object.entries(current);
    for (const [key, child] of entries) {
      const index = Array.isArray(current) ? Number(key) : key;
      if (typeof key === "string" && key.includes("\u0000")) return pathTo(node, index);
      nodes.push({ key: index, parent: node });
      pending.push({ value: child, node: nodes.length - 1 });
    }
  }
  return null;
}
