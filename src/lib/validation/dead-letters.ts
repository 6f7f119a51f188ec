// Inputs of the admin's dead-letter procedures (src/server/realtime/dead-letter.ts).
import { z } from "zod";

/** A DeadLetter id: digits, within PostgreSQL's bigint (18 digits always are). */
export const deadLetterIdInput = z.object({ id: z.string().regex(/^\d{1,18}$/, "Not a dead letter id") });
