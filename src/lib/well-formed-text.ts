// Text a UTF-8 database and JSON can carry intact: without half of a UTF-16
// surrogate pair standing alone (a browser never produces one; a client
// writing JSON by hand can, as "\ud800").

// A high surrogate not followed by a low one, or a low one not after a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text without lone surrogates. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
