// Notifying the people a text mentions (`@[Name](id)`, src/lib/mentions):
// each gets a "mention" notification that opens the exact place. Only people
// who may see the place are notified (a private room's members, a document's
// people; everyone signed in for posts and public rooms), never the writer,
// at most MAX_MENTIONS_NOTIFIED per text. Runs inside the writer's
// transaction through notifyEach (notifications/fan-out.ts), like a
// comment's notification, so preferences, mutes (the room or post as
// subject) and quiet hours apply.
import "server-only";
import { MAX_MENTIONS_NOTIFIED, mentionedIds, plainMentions } from "@/lib/mentions/mention-tokens";
import type { Tx } from "../db";
import type { NotifyInput } from "../notifications/notify";

const EXCERPT_CHARS = 200;

export type MentionPlace =
  | { kind: "post"; postId: string; title: string; commentId?: string }
  | { kind: "room"; roomId: string; name: string; visibility: "PUBLIC" | "PRIVATE"; messageId: string }
  | { kind: "document"; documentId: string; title: string };

/** A plain-text excerpt for a notification's body. */
export function excerptOf(text: string): string {
  const chars = Array.from(plainMentions(text));
  return chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS).join("")}…` : chars.join("");
}

/** Mentioned in `text` and not already in `previousText` (an edit), without the writer. */
export function newMentions(text: string, writerId: string, previousText = ""): string[] {
  if (!text.includes("@[")) return [];
  const before = new Set(previousText.includes("@[") ? mentionedIds(previousText) : []);
  return mentionedIds(text)
    .filter((id) => id !== writerId && !before.has(id))
    .slice(0, MAX_MENTIONS_NOTIFIED);
}

/** Of `ids`, the people who may see the place (one statement). */
async function whoCanSee(tx: Tx, ids: string[], place: MentionPlace): Promise<string[]> {
  if (ids.length === 0) return [];
  const where =
    place.kind === "room" && place.visibility === "PRIVATE"
      ? { id: { in: ids }, roomMembers: { some: { roomId: place.roomId } } }
      : place.kind === "document"
        ? {
            id: { in: ids },
            OR: [{ documents: { some: { id: place.documentId } } }, { documentRoles: { some: { documentId: place.documentId } } }],
          }
        : { id: { in: ids } };
  const rows = await tx.user.findMany({ where, select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((r) => r.id);
}

function where(place: MentionPlace): { title: string; link: string; subject?: { kind: "room" | "post"; id: string } } {
  switch (place.kind) {
    case "post":
      return {
        title: place.commentId ? `a comment on “${place.title}”` : `“${place.title}”`,
        link: place.commentId ? `/posts/${place.postId}#comment-${place.commentId}` : `/posts/${place.postId}`,
        subject: { kind: "post", id: place.postId },
      };
    case "room":
      return { title: place.name, link: `/rooms/${place.roomId}#message-${place.messageId}`, subject: { kind: "room", id: place.roomId } };
    case "document":
      return { title: `“${place.title}”`, link: `/docs/${place.documentId}` };
  }
}

/**
 * The notifications for the people `ids` names who may see the place, for
 * notifyEach (with the change's other notifications, so one person gets one).
 */
export async function mentionNotifications(
  tx: Tx,
  options: { ids: string[]; writer: { id: string; name: string }; place: MentionPlace; text: string },
): Promise<NotifyInput[]> {
  const recipients = await whoCanSee(tx, options.ids, options.place);
  const { title, link, subject } = where(options.place);
  const body = excerptOf(options.text);
  return recipients.map((recipientId) => ({
    recipientId,
    type: "mention",
    title: `${options.writer.name} mentioned you in ${title}`,
    body,
    link,
    senderId: options.writer.id,
    subject,
  }));
}
