// Notifications with actions: an entry may carry buttons that act
// on what it is about. Nothing about the buttons is stored: they follow from
// the entry's type and subject (kept on the row by notify()) and from the
// answer the person gave (`actionResult`), so every producer gets them by
// naming its subject, and an answered entry shows the outcome instead.
import { z } from "zod";

const notificationActionIds = ["accept", "decline", "reply"] as const;
export type NotificationActionId = (typeof notificationActionIds)[number];

export const notificationAction = z.object({ id: z.enum(notificationActionIds), label: z.string() });
export type NotificationAction = z.infer<typeof notificationAction>;

/** What the person did with an entry's actions; shown in place of the buttons. */
export const actionResults = ["accepted", "declined", "replied"] as const;
export type ActionResult = (typeof actionResults)[number];

export const actionResultLabels: Record<ActionResult, string> = {
  accepted: "Accepted",
  declined: "Declined",
  replied: "Replied",
};

/** What a notification is about (notify()'s `subject`): mutes and actions read it. */
export type SubjectKind = "post" | "room" | "comment" | "message" | "invitation" | "conversation";

/** Invitations into a private room or a document: Accept / Decline until answered. */
const INVITATION_TYPES: readonly string[] = ["room.invited", "document.invited"];

/** Subjects a reply can go to: a comment on the post (post, comment) or a message in the room (room, message). */
const REPLY_SUBJECTS: readonly string[] = ["post", "comment", "room", "message"];

/** Types whose entries offer "Reply": comments on your posts, and mentions (any "mention…" or "….mentioned" type). */
function isReplyableType(type: string): boolean {
  return type === "post.commented" || type.startsWith("mention") || type.endsWith(".mentioned");
}

export function actionsFor(n: { type: string; subjectKind: string | null; actionResult: string | null }): NotificationAction[] {
  if (n.subjectKind === "invitation" && INVITATION_TYPES.includes(n.type)) {
    return n.actionResult ? [] : [
      { id: "accept", label: "Accept" },
      { id: "decline", label: "Decline" },
    ];
  }
  if (n.subjectKind && REPLY_SUBJECTS.includes(n.subjectKind) && isReplyableType(n.type)) {
    return [{ id: "reply", label: "Reply" }];
  }
  return [];
}

export function isActionResult(value: string | null | undefined): value is ActionResult {
  return value !== null && value !== undefined && (actionResults as readonly string[]).includes(value);
}
