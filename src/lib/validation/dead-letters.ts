// Inputs of the admin's dead-letter procedures (README, "Refused events and dead letters").
import { z } from "zod";

export const deadLetterIdInput = z.object({ id: z.string().regex(/^\d{1,19}$/, "Not a dead letter id") });
