// The references' payloads are padded to the size of ours (the app's event
// envelope), so that no comparison is won by sending less: a ~35-byte
// message against a ~400-byte envelope would measure the bytes, not the design.

/**
 * `fields` plus a `body` of filler that makes the JSON `bytes` long (as long
 * as the fields alone when they are longer already). Fields given as
 * placeholders of the right length (an id, a date) size it for the real ones.
 */
export function padded<T extends object>(fields: T, bytes: number): T & { body: string } {
  const bare = Buffer.byteLength(JSON.stringify({ ...fields, body: "" }));
  return { ...fields, body: "x".repeat(Math.max(0, bytes - bare)) };
}

/** Bytes of a value as JSON: what the payload sizes printed by the benchmark count. */
export const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
