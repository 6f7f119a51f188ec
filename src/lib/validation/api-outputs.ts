// What the procedures exposed as REST (/api/v1) answer: the same zod views as
// the live events, so the OpenAPI document describes exactly what travels.
// Every field the services return must be named here (zod strips the rest).
import { z } from "zod";
import { maintenanceWindowView, notificationView, postView, roomMessageView } from "../events";

export const notificationPageOutput = z.object({
  items: z.array(notificationView),
  nextCursor: z.string().nullable(),
});

export const unreadCountOutput = z.number().int().min(0);

export const markReadOutput = z.object({ unreadCount: z.number().int().min(0), changed: z.boolean() });

/** A change to several notifications: how many changed, and the badge's count after it. */
export const inboxChangeOutput = z.object({ changed: z.number().int().min(0), unreadCount: z.number().int().min(0) });

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

/** What sending an announcement answers: its broadcast (null for chosen people: one notification each) and whom it reached. */
export const sentAnnouncementOutput = z.object({
  broadcastId: z.string().nullable(),
  recipients: z.number().int().min(0),
});

const announcementOutput = z.object({
  id: z.string(),
  seq: z.number().int(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  urgent: z.boolean(),
  senderName: z.string().nullable(),
  createdAt: z.string(),
  audience: z.object({
    kind: z.enum(["everyone", "role", "team"]),
    role: z.enum(["USER", "ADMIN"]).nullable(),
    team: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
  /** People it was meant for when sent; null for announcements sent before this was counted. */
  reached: z.number().int().nullable(),
  /** People who have read it. */
  read: z.number().int(),
});

export const announcementPageOutput = z.object({ items: z.array(announcementOutput), nextCursor: z.string().nullable() });

export const maintenanceListOutput = z.object({
  windows: z.array(maintenanceWindowView),
  /** The system channel's newest event id when read (for live updates). */
  head: z.number().int(),
  serverNow: z.string(),
});

export const cancelledMaintenanceOutput = z.object({ id: z.string() });

export const auditPageOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      target: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
      at: z.string(),
      actor: z.object({ name: z.string(), email: z.string().nullable() }),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const personOutput = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(["USER", "ADMIN"]),
});

export const roleChangeOutput = z.object({ user: personOutput, changed: z.boolean() });

/**
 * A channel's missed events, oldest first (the envelope pusher-js delivers),
 * or `reset: true` when they cannot be replayed and the client must reload.
 */
export const catchUpOutput = z.object({
  events: z.array(
    z.object({
      id: z.number().int().positive(),
      type: z.string().meta({ example: "notification.created" }),
      channel: z.string(),
      at: z.string(),
      data: z.unknown(),
    }),
  ),
  reset: z.boolean(),
});

export { notificationView as notificationOutput, postView as postOutput };

/** Errors the REST API answers with, for the OpenAPI document. */
export const restErrors = {
  400: "Invalid input (see `data.fieldErrors`)",
  401: "Missing, unknown, revoked or expired access token",
  403: "The token lacks the scope this needs",
  404: "Not found",
  415: "The body is not JSON (send `Content-Type: application/json`)",
  429: "Too many requests (see the Retry-After header)",
} as const;

/** The admin operations' errors: those, and a change the current state refuses (demoting the last admin). */
export const adminRestErrors = { ...restErrors, 409: "Refused by the current state (e.g. demoting the last admin)" } as const;

/**
 * Every REST error's body (tRPC's error shape as this app formats it). The
 * OpenAPI document's error responses are this schema: the generator's own
 * names only `message`, `code` and `issues`.
 */
export const restErrorOutput = z.object({
  code: z.string().meta({ description: "Stable error code", example: "BAD_REQUEST" }),
  message: z.string().min(1),
  /** Input validation failures only: zod's issues, each with the field's path. */
  issues: z.array(z.looseObject({ message: z.string(), path: z.array(z.union([z.string(), z.number()])) })).optional(),
  data: z.looseObject({
    code: z.string(),
    httpStatus: z.number().int(),
    /** Messages per input field (the first part of its path); null when no field is at fault. */
    fieldErrors: z.record(z.string(), z.array(z.string())).nullable(),
    /** Rate limits (429): seconds until a retry may succeed. */
    retryAfterSeconds: z.number().nullable(),
  }),
});
