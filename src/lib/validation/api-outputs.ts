// What the procedures exposed as REST (/api/v1) answer: the same zod views as
// the live events, so the OpenAPI document describes exactly what travels.
// Every field the services return must be named here (zod strips the rest).
import { z } from "zod";
import { notificationView, postView, roomMessageView } from "../events";

export const notificationPageOutput = z.object({
  items: z.array(notificationView),
  nextCursor: z.string().nullable(),
});

export const unreadCountOutput = z.number().int().min(0);

export const markReadOutput = z.object({ unreadCount: z.number().int().min(0), changed: z.boolean() });

export const postPageOutput = z.object({
  items: z.array(postView),
  nextCursor: z.string().nullable(),
  /** The feed channel's newest event id when the page was read (for live updates). */
  head: z.number().int(),
});

export const roomSummaryOutput = z.object({
  id: z.string(),
  name: z.string(),
  visibility: z.enum(["PUBLIC", "PRIVATE"]),
  owner: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
});

export const sentMessageOutput = z.object({ message: roomMessageView, eventId: z.number().int() });

export { notificationView as notificationOutput, postView as postOutput };

/** Errors the REST API answers with, for the OpenAPI document. */
export const restErrors = {
  400: "Invalid input (see `data.fieldErrors`)",
  401: "Missing, unknown, revoked or expired access token",
  403: "The token lacks the scope this needs",
  404: "Not found",
  429: "Too many requests (see the Retry-After header)",
} as const;
