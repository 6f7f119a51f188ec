// The wire shape of a plain-text operation (see text-ot.ts for what an op
// means), without the OT library: the event catalogue (src/lib/events.ts)
// validates document events with it on every page, and only the document
// editor needs ot-text-unicode itself.
import type { TextOp } from "ot-text-unicode";
import { z } from "zod";
import { isWellFormedText } from "../well-formed-text";

/** An op's JSON may be at most this big: it travels inside one Pusher event (10 KB). */
export const MAX_OP_BYTES = 7_500;
/** A document's longest text, in code points. */
export const MAX_DOCUMENT_CODE_POINTS = 100_000;
/** Components of one op (a paste of many lines is still a handful). */
const MAX_COMPONENTS = 1_000;

const insertText = z
  .string()
  .min(1)
  .refine(isWellFormedText, "Inserted text must be well-formed Unicode (no lone surrogates).");

/** The shape of an op on the wire; `checkTextOp` checks the rest. */
export const textOpSchema = z
  .array(
    z.union([
      z.number().int().positive().max(MAX_DOCUMENT_CODE_POINTS),
      insertText,
      z.object({ d: z.union([z.number().int().positive().max(MAX_DOCUMENT_CODE_POINTS), insertText]) }).strict(),
    ]),
  )
  .max(MAX_COMPONENTS);

/** An op's size on the wire, in bytes of its JSON. */
export function opBytes(op: TextOp): number {
  return new TextEncoder().encode(JSON.stringify(op)).length;
}
