// Documents' inputs: the browser validates forms with these, the server again.
import { z } from "zod";
import { MAX_OP_BYTES, opBytes, textOpSchema } from "@/lib/documents/text-op-schema";

const DOCUMENT_TITLE_MAX = 120;

const id = z.string().min(1).max(64);

const documentFields = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Give the document a title")
    .max(DOCUMENT_TITLE_MAX, `Keep the title under ${DOCUMENT_TITLE_MAX} characters`),
});

export const createDocumentInput = documentFields;
export const documentIdInput = z.object({ id });

const documentRoles = ["EDITOR", "VIEWER"] as const;

export const shareDocumentInput = z.object({
  id,
  email: z.string().trim().toLowerCase().email("Enter the person's email address"),
  role: z.enum(documentRoles),
});

/** One editor session: a random id per page load, and its ops numbered 1, 2, 3… */
const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "A client id is 8 to 64 letters, digits, _ or -.");

export const submitOperationInput = z.object({
  id,
  baseVersion: z.number().int().min(0),
  op: textOpSchema.refine((op) => opBytes(op) <= MAX_OP_BYTES, `An operation may be at most ${MAX_OP_BYTES} bytes.`),
  clientId: clientIdSchema,
  clientSeq: z.number().int().min(1),
});

export const operationsSinceInput = z.object({ id, afterVersion: z.number().int().min(0) });

export const historyInput = z.object({ id, limit: z.number().int().min(1).max(100).default(30) });

export const restoreVersionInput = z.object({ id, version: z.number().int().min(0) });
