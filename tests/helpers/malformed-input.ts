// Bad inputs made from an input's JSON Schema (zod's toJSONSchema, or the
// OpenAPI document's): a valid-looking baseline, then one field at a time
// replaced by a malformed value, removed, or the whole input replaced.
import fc from "fast-check";

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  format?: string;
  pattern?: string;
};

type FieldPath = (string | number)[];

/** Deeper than any input should be, shallow enough for superjson's recursive walk in the test. */
export const DEEP_NESTING = 1_000;

function deeplyNested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/**
 * Values no text, id, number, flag or list field should accept. Each is
 * refused by every field it replaces (an "extra" value a schema strips, or an
 * empty string a field may allow, is not here: those are valid input).
 */
const MALFORMED_VALUES: { name: string; value: unknown; nul?: true }[] = [
  { name: "NUL inside text", value: "before\u0000after", nul: true },
  { name: "huge text", value: "x".repeat(20_000) },
  { name: "number", value: 42 },
  { name: "negative number", value: -1 },
  { name: "NaN", value: Number.NaN },
  { name: "fraction", value: 0.5 },
  { name: "true", value: true },
  { name: "null", value: null },
  { name: "array of text", value: ["a", "b"] },
  { name: "object", value: { nested: "value" } },
  { name: "deep nesting", value: deeplyNested(DEEP_NESTING) },
];

/** Whole inputs that are not the object any procedure takes. */
function malformedWholeInputs(baseline: unknown): { name: string; value: unknown; nul?: true }[] {
  const object = typeof baseline === "object" && baseline !== null && !Array.isArray(baseline) ? baseline : {};
  return [
    { name: "null input", value: null },
    { name: "text input", value: "text" },
    { name: "number input", value: -1 },
    { name: "array input", value: [object] },
    { name: "deeply nested input", value: deeplyNested(DEEP_NESTING) },
    { name: "NUL in a key", value: { ...object, "key\u0000": "value" }, nul: true },
    { name: "NUL in extra nested text", value: { ...object, extra: { deeper: ["\u0000"] } }, nul: true },
  ];
}

/** Raw (already percent-encoded) path segments: the first three cannot be decoded at all. */
export const MALFORMED_PATH_SEGMENTS: { name: string; raw: string; badEscape?: true }[] = [
  { name: "truncated UTF-8 escape", raw: "%E0%A4%A", badEscape: true },
  { name: "non-hex escape", raw: "%zz", badEscape: true },
  { name: "lone percent", raw: "abc%", badEscape: true },
  { name: "encoded NUL", raw: "a%00b" },
  { name: "overlong UTF-8", raw: "%C0%AE%C0%AE" },
  { name: "huge id", raw: "x".repeat(5_000) },
  { name: "encoded slash", raw: "a%2Fb" },
];

/** Raw query values for one parameter. */
export const MALFORMED_QUERY_VALUES: { name: string; raw: string }[] = [
  { name: "encoded NUL", raw: "a%00b" },
  { name: "non-hex escape", raw: "%zz" },
  { name: "truncated UTF-8 escape", raw: "%E0%A4%A" },
  { name: "huge value", raw: "x".repeat(20_000) },
  { name: "negative", raw: "-1" },
  { name: "NaN", raw: "NaN" },
  { name: "too large", raw: "1e999" },
];

const TEXT_CANDIDATES = ["fuzz", "1", "a".repeat(20), "a".repeat(64)];

/**
 * A value the schema accepts, as far as its JSON Schema says: required
 * properties only (optional ones are where mutations go), first union branch.
 * `fixture(name)` supplies real ids and emails by property name.
 */
export function baselineFor(schema: JsonSchema, fixture: (name: string) => unknown, name = ""): unknown {
  const known = name ? fixture(name) : undefined;
  if (known !== undefined) return known;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const branch = (schema.oneOf ?? schema.anyOf)?.find((s) => s.type !== "null");
  if (branch) return baselineFor(branch, fixture, name);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object":
      return Object.fromEntries(
        (schema.required ?? []).map((key) => [key, baselineFor(schema.properties?.[key] ?? {}, fixture, key)]),
      );
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => baselineFor(schema.items ?? {}, fixture, name));
    case "integer":
    case "number":
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case "boolean":
      return false;
    case "string":
      return textFor(schema);
    default:
      return "fuzz";
  }
}

function textFor(schema: JsonSchema): string {
  if (schema.format === "email") return "fuzz@test.example";
  if (schema.format === "uuid") return "00000000-0000-4000-8000-000000000000";
  if (schema.format === "date-time") return "2099-01-01T00:00:00.000Z";
  if (schema.format === "uri") return "https://push.test.example/fuzz";
  const pattern = schema.pattern ? new RegExp(schema.pattern) : null;
  const min = schema.minLength ?? 0;
  return TEXT_CANDIDATES.find((c) => c.length >= min && (!pattern || pattern.test(c))) ?? "x".repeat(Math.max(min, 1));
}

/** Every property path the schema names (nested objects, first list item, first union branch). */
function fieldPaths(schema: JsonSchema, prefix: FieldPath = []): FieldPath[] {
  const branch = (schema.oneOf ?? schema.anyOf)?.find((s) => s.type !== "null");
  if (branch) return fieldPaths(branch, prefix);
  if (schema.properties) {
    return Object.entries(schema.properties).flatMap(([key, child]) => [[...prefix, key], ...fieldPaths(child, [...prefix, key])]);
  }
  if (schema.items) return fieldPaths(schema.items, [...prefix, 0]);
  return [];
}

/** A copy of `input` with the value at `path` replaced (`remove`: deleted). */
function withField(input: unknown, path: FieldPath, value: unknown, remove = false): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      if (remove) delete node[key];
      else node[key] = value;
    } else {
      if (typeof node[key] !== "object" || node[key] === null) node[key] = typeof path[i + 1] === "number" ? [] : {};
      node = node[key] as Record<string | number, unknown>;
    }
  }
  return copy;
}

/** Every malformed variant of one input: each field × each malformed value, each field removed, whole inputs. */
export function malformedVariants(schema: JsonSchema, baseline: unknown): { name: string; value: unknown; nul?: true }[] {
  const paths = fieldPaths(schema);
  const required = new Set((schema.required ?? []).map((key) => key));
  return [
    ...paths.flatMap((path) =>
      MALFORMED_VALUES.map(({ name, value, nul }) => ({ name: `${path.join(".")}: ${name}`, value: withField(baseline, path, value), nul })),
    ),
    ...paths
      .filter((path) => path.length === 1 && required.has(String(path[0])))
      .map((path) => ({ name: `${path.join(".")}: missing`, value: withField(baseline, path, undefined, true) })),
    ...malformedWholeInputs(baseline),
  ];
}

/**
 * Random garbage for fast-check: the baseline with a few fields replaced by
 * arbitrary JSON-ish values (NUL-bearing text, odd numbers, nesting), or
 * anything at all in its place.
 */
export function garbageArbitrary(schema: JsonSchema, baseline: unknown): fc.Arbitrary<unknown> {
  const paths = fieldPaths(schema);
  const nasty = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }).map((s) => `${s}\u0000${s}`),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.double(),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
    fc.constantFrom(...MALFORMED_VALUES.map((v) => v.value)),
    fc.anything({ maxDepth: 3, withNullPrototype: true }),
  );
  const mutated =
    paths.length === 0
      ? nasty
      : fc
          .array(fc.tuple(fc.constantFrom(...paths), nasty), { minLength: 1, maxLength: 3 })
          .map((changes) => changes.reduce((input, [path, value]) => withField(input, path, value), baseline));
  return fc.oneof({ arbitrary: mutated, weight: 4 }, { arbitrary: nasty, weight: 1 });
}

/** Whether a value holds the NUL character anywhere (text or keys). */
export function holdsNul(value: unknown): boolean {
  // A loop, not recursion: the values include nesting deep enough to overflow the stack.
  const pending = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string" && next.includes("\u0000")) return true;
    if (typeof next === "object" && next !== null) {
      for (const [key, child] of Object.entries(next)) {
        if (key.includes("\u0000")) return true;
        pending.push(child);
      }
    }
  }
  return false;
}
