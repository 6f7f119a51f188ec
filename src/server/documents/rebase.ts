// The heart of the server's side of OT, with no database in it: an op made on
// `baseVersion` is transformed against every op committed since, checked and
// applied to the current text. The service runs it inside the transaction
// that holds the document's row lock; the property test
// (tests/unit/ot-convergence.property.test.ts) runs the very same function.
import "server-only";
import { AppError } from "../errors";
import {
  codePointLength,
  compactOp,
  MAX_DOCUMENT_CODE_POINTS,
  opDelta,
  opProblem,
  ot,
  type TextOp,
} from "@/lib/documents/text-ot";

/** How many committed ops an edit may be behind and still be merged. */
const MAX_REBASE_OPS = 5_000;

export type RebaseInput = {
  /** The document as stored now. */
  text: string;
  version: number;
  /** The version the client made its op on. */
  baseVersion: number;
  /** The ops that made versions baseVersion+1 … version, in order. */
  history: readonly TextOp[];
  op: TextOp;
};

/** Checks that an edit made on `baseVersion` can be merged, before loading its history. */
export function checkBaseVersion(baseVersion: number, version: number): void {
  if (baseVersion > version) {
    throw new AppError(
      "CONFLICT",
      `This edit was made on version ${baseVersion} but the document is at version ${version}. Reload the document.`,
    );
  }
  if (version - baseVersion > MAX_REBASE_OPS) {
    throw new AppError(
      "CONFLICT",
      `This edit is too old to merge (made ${version - baseVersion} edits ago; the limit is ${MAX_REBASE_OPS}). Reload the document.`,
    );
  }
}

/**
 * The op as it applies to the current text, and the text after it. Throws
 * AppError (and changes nothing: it is pure) when the op is malformed, does
 * not fit the document it was made on, or would make the text too long.
 */
export function rebaseAndApply(input: RebaseInput): { op: TextOp; text: string } {
  checkBaseVersion(input.baseVersion, input.version);
  if (input.history.length !== input.version - input.baseVersion) {
    throw new Error(`History has ${input.history.length} ops, expected ${input.version - input.baseVersion}`);
  }
  let op: TextOp;
  try {
    ot.checkOp(input.op);
    op = compactOp(input.op);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `The operation is malformed: ${(error as Error).message}.`);
  }
  // The length the client's document had: now, less what the ops since added.
  const baseLength = codePointLength(input.text) - input.history.reduce((n, h) => n + opDelta(h), 0);
  const problem = opProblem(op, baseLength);
  if (problem) throw new AppError("BAD_REQUEST", problem);

  // Ops committed earlier win ties: an insert at the same position as an
  // earlier one goes after it ("right"); the client transforms its pending
  // ops the same way, so both ends agree.
  for (const committed of input.history) op = ot.transform(op, compactOp(committed), "right");

  const text = ot.apply(input.text, op);
  if (codePointLength(text) > MAX_DOCUMENT_CODE_POINTS) {
    throw new AppError("BAD_REQUEST", `A document can hold at most ${MAX_DOCUMENT_CODE_POINTS} characters.`);
  }
  return { op, text };
}
