// Inputs of invitations and notification actions.
import { z } from "zod";
import { COMMENT_BODY_MAX } from "./posts";
import { MESSAGE_BODY_MAX } from "./rooms";

const id = z.string().min(1).max(64);

export const answerInvitationInput = z.object({
  id,
  answer: z.enum(["accept", "decline"], { error: "Answer accept or decline" }),
});

export const pendingInvitationsInput = z.union([
  z.object({ roomId: id }).strict(),
  z.object({ documentId: id }).strict(),
]);

export const notificationActionInput = z.object({
  id,
  action: z.enum(["accept", "decline"], { error: "Choose Accept or Decline" }),
});

/** What a reply may hold: whichever is shorter of a comment and a room message. */
export const REPLY_BODY_MAX = Math.min(COMMENT_BODY_MAX, MESSAGE_BODY_MAX);

export const replyInput = z.object({
  id,
  body: z
    .string()
    .trim()
    .min(1, "Write something first")
    .max(REPLY_BODY_MAX, `Keep replies under ${REPLY_BODY_MAX.toLocaleString("en")} characters`),
});
