// The event catalogue, shared by the server (which validates before writing an
// event to the outbox) and the browser (which validates what arrives).
// Every event travels in one envelope; `id` grows by one per channel, so a
// client can tell a gap (missed event) from a duplicate.
import { z } from "zod";
import { textOpSchema } from "@/lib/documents/text-op-schema";
import { eventText, fitText, jsonTextBytes } from "@/lib/event-text";
import { actionResults, notificationAction } from "@/lib/notifications/actions";
import { reactionChanged } from "@/lib/reactions/reactions";

/** A person in the "Online now" list: avatar, name, online since. */
const onlinePersonView = z.object({
  id: z.string(),
  name: eventText(256),
  avatarUrl: z.string().nullable(),
  since: z.string(),
});
export type OnlinePersonView = z.infer<typeof onlinePersonView>;

export const notificationView = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  senderName: z.string().nullable(),
  createdAt: z.string(), // ISO 8601: events are JSON, so dates travel as text
  readAt: z.string().nullable(),
  /** How many single items this entry stands for (1 unless grouped). */
  // Defaults: events written before grouping and broadcasts existed (still in the outbox for catch-up) lack them.
  groupCount: z.number().int().min(1).default(1),
  /** Who caused the grouped items, latest first ("Alice and 3 others"). */
  actors: z.array(z.string()).default([]),
  /** An admin's urgent announcement. */
  urgent: z.boolean().default(false),
  /** Set in events whose title, body, names or link were cut to keep them small; queries return them whole. */
  truncated: z.boolean().optional(),
  /** The sender's avatar (their image's thumbnail), when they have one; the entry shows initials otherwise. */
  senderAvatarUrl: z.string().nullable().optional(),
  /** Buttons the entry offers (src/lib/notifications/actions.ts): Accept / Decline, Reply. */
  actions: z.array(notificationAction).max(4).optional(),
  /** The person's answer to those actions ("accepted", "declined", "replied"), shown in their place. */
  actionResult: z.enum(actionResults).nullable().optional(),
});
export type NotificationView = z.infer<typeof notificationView>;

/**
 * What a notification's event carries of its text, in bytes of JSON. A group
 * keeps up to 100 names, an import's failure quotes the file: cut here, no
 * producer can push the event past MAX_EVENT_BYTES (the sum stays well under).
 */
const NOTIFICATION_EVENT_BYTES = { title: 768, body: 2_560, name: 512, names: 1_536, link: 2_048 };

/** A notification as events carry it: long text cut, `truncated` set (the inbox query has it whole). */
export function notificationForEvent(n: NotificationView): NotificationView {
  const b = NOTIFICATION_EVENT_BYTES;
  const title = fitText(n.title, b.title);
  const body = fitText(n.body, b.body);
  const sender = n.senderName === null ? null : fitText(n.senderName, b.name);
  const actors: string[] = [];
  let namesBytes = 0;
  for (const name of n.actors) {
    const fitted = fitText(name, b.name).text;
    namesBytes += jsonTextBytes(fitted) + 3; // its quotes and comma
    if (namesBytes > b.names) break;
    actors.push(fitted);
  }
  // A cut link would lead somewhere else: too long a link is left out instead.
  const link = n.link !== null && fitText(n.link, b.link).cut ? null : n.link;
  const truncated =
    title.cut || body.cut || (sender?.cut ?? false) || actors.length < n.actors.length ||
    actors.some((a, i) => a !== n.actors[i]) || link !== n.link;
  if (!truncated) return n;
  return { ...n, title: title.text, body: body.text, senderName: sender?.text ?? null, actors, link, truncated: true };
}

const notificationEventView = notificationView.transform(notificationForEvent);

const broadcastView = z.object({
  id: z.string(),
  /** Gapless order of all broadcasts; compared with a person's `broadcastSeq`. */
  seq: z.number().int().min(1),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  senderName: z.string().nullable(),
  urgent: z.boolean(),
  createdAt: z.string(),
  /** Set in events whose title, body or link were cut (as for notifications); queries return them whole. */
  truncated: z.boolean().optional(),
});
export type BroadcastView = z.infer<typeof broadcastView>;

/** An announcement as its event carries it: the same cuts as a notification's. */
function broadcastForEvent(b: BroadcastView): BroadcastView {
  const cut = notificationForEvent({ ...b, type: "", readAt: null, groupCount: 1, actors: [] });
  return cut.truncated
    ? { ...b, title: cut.title, body: cut.body, senderName: cut.senderName, link: cut.link, truncated: true }
    : b;
}

/** How much of a post's body an event carries; the rest is loaded by id. */
export const EVENT_BODY_CHARS = 1_000;

/** An image attached to a post: its server-made thumbnail links to the full image. */
const attachmentView = z.object({
  id: z.string(),
  /** As the author's browser named it (shortened): for the image's description only. */
  fileName: z.string(),
  thumbnailUrl: z.string(),
  url: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentView>;

export const postView = z.object({
  id: z.string(),
  title: z.string(),
  /** The body, or its first EVENT_BODY_CHARS characters in events when `bodyTruncated`. */
  body: z.string(),
  bodyTruncated: z.boolean(),
  author: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  commentCount: z.number().int().min(0),
  /** Images, in the order the author attached them (absent in events written before attachments existed). */
  attachments: z.array(attachmentView).default([]),
});
export type PostView = z.infer<typeof postView>;

const commentView = z.object({
  id: z.string(),
  postId: z.string(),
  body: z.string(),
  author: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
});
export type CommentView = z.infer<typeof commentView>;

export const maintenanceWindowView = z.object({
  id: z.string(),
  message: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export type MaintenanceWindowView = z.infer<typeof maintenanceWindowView>;
// Rooms (presence-room.<id>): chat messages and the shared agenda.
export const roomMessageView = z.object({
  id: z.string(),
  roomId: z.string(),
  body: z.string(),
  author: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
});
export type RoomMessageView = z.infer<typeof roomMessageView>;

// Direct conversations (private-conversation.<id>): the same message, in a conversation.
export const conversationMessageView = roomMessageView.omit({ roomId: true }).extend({ conversationId: z.string() });
export type ConversationMessageView = z.infer<typeof conversationMessageView>;
/** What the message list shows of a message, in a room or a conversation. */
export type ChatMessageView = Omit<RoomMessageView, "roomId">;

/** Someone's read position moved: the newest message they have read (read receipts). */
const readPositionView = z.object({
  reader: z.object({ id: z.string(), name: z.string() }),
  messageId: z.string(),
});
export type ReadPositionView = z.infer<typeof readPositionView>;

/** A room's or a conversation's newest message, as lists show it (the body cut short). */
const lastMessageView = z.object({
  id: z.string(),
  body: eventText(400),
  author: z.object({ id: z.string(), name: eventText(200) }),
  createdAt: z.string(),
});
export type LastMessageView = z.infer<typeof lastMessageView>;
export const chatKinds = ["room", "conversation"] as const;
export type ChatKind = (typeof chatKinds)[number];

const agendaItemView = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  /** fractional-indexing key: items sort by it (plain string comparison). */
  position: z.string(),
});
export type AgendaItemView = z.infer<typeof agendaItemView>;
// Workflows: what the progress widget shows, loaded and live.
/**
 * A run's failure reason in events. The workflow keeps readable reasons far
 * shorter (src/server/imports); this bound holds whatever a step throws.
 */
const WORKFLOW_ERROR_BYTES = 2_048;

const stepStatuses = ["WAITING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"] as const;
const processStatuses = ["QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"] as const;

const stepView = z.object({
  position: z.number().int(),
  name: z.string(),
  status: z.enum(stepStatuses),
  done: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  unit: z.string(),
  error: eventText(WORKFLOW_ERROR_BYTES).nullable(),
});
export type StepView = z.infer<typeof stepView>;

const activityView = z.object({
  id: z.string(),
  level: z.enum(["info", "error"]),
  // Cut, never refused: a refusal here would fail the change it reports (the workflow keeps 500 characters).
  message: eventText(3_072),
  createdAt: z.string(),
});
export type ActivityView = z.infer<typeof activityView>;

const processView = z.object({
  id: z.string(),
  workflow: z.string(),
  datasetId: z.string(),
  status: z.enum(processStatuses),
  cancelRequested: z.boolean(),
  error: eventText(WORKFLOW_ERROR_BYTES).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ProcessView = z.infer<typeof processView>;

/**
 * A dataset as the imports page lists it, without its summary (a new one has
 * none; a finished one's is loaded by the page, it can be kilobytes).
 */
const datasetListView = z.object({
  id: z.string(),
  name: eventText(1_024),
  rowCount: z.number().int().nullable(),
  createdAt: z.string(),
  latestProcess: processView.nullable(),
});
export type DatasetListView = z.infer<typeof datasetListView>;

/** A run that failed, as the admins' live list shows it. */
const failedImportView = z.object({
  processId: z.string(),
  datasetId: z.string(),
  datasetName: eventText(1_024),
  owner: z.object({ id: z.string(), name: eventText(512) }),
  error: eventText(WORKFLOW_ERROR_BYTES).nullable(),
  failedAt: z.string(),
});
export type FailedImportView = z.infer<typeof failedImportView>;

/** An event the realtime server kept refusing, set aside by the publisher (src/server/realtime/dead-letter.ts). */
const deadLetterResolutions = ["RESOLVED", "RETRIED"] as const;

const deadLetterView = z.object({
  id: z.string(),
  channel: z.string(),
  /** The event's id on its channel (its place, now taken by a `channel.reset`). */
  seq: z.number().int(),
  type: z.string(),
  /** The server's last answer, as the publisher saw it. */
  error: eventText(1_024),
  attempts: z.number().int().min(0),
  /** When the event was committed. */
  createdAt: z.string(),
  deadAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: z.enum(deadLetterResolutions).nullable(),
  resolvedBy: z.string().nullable(),
});
export type DeadLetterView = z.infer<typeof deadLetterView>;

export const activityKinds = ["post.created", "post.updated", "post.deleted", "comment.created"] as const;

export const eventCatalogue = {
  // Any channel: events up to this one cannot be replayed (one was refused by
  // the realtime server and set aside); every reader reloads its view.
  "channel.reset": z.object({ reason: z.enum(["undeliverable"]) }),
  // private-admin: the dead letters, live on the admin page.
  "dead-letter.created": z.object({ deadLetter: deadLetterView }),
  "dead-letter.resolved": z.object({ deadLetter: deadLetterView }),
  // private-admin: an import run failed (committed with the run's FAILED state).
  "import.failed": z.object({ failure: failedImportView }),
  // private-user.<id>. `unreadCount` is absolute and counts every broadcast
  // up to `broadcastSeq` (the person's copies are made when counted).
  "notification.created": z.object({
    notification: notificationEventView,
    unreadCount: z.number().int().min(0),
    broadcastSeq: z.number().int().min(0).default(0),
  }),
  /** A grouped entry gained an item (its count, actors, title and time changed). */
  "notification.updated": z.object({
    notification: notificationEventView,
    unreadCount: z.number().int().min(0),
    broadcastSeq: z.number().int().min(0).default(0),
  }),
  /** An entry changed in place (an action was answered: Accepted, Declined, Replied); it keeps its position. */
  "notification.changed": z.object({
    notification: notificationEventView,
    unreadCount: z.number().int().min(0),
    broadcastSeq: z.number().int().min(0).default(0),
  }),
  "notification.read": z.object({
    ids: z.array(z.string()).min(1),
    readAt: z.string(),
    unreadCount: z.number().int().min(0),
    broadcastSeq: z.number().int().min(0).default(0),
  }),
  /** Snoozed until `until`: out of the inbox and the count until then, when it comes back as `notification.created`. */
  "notification.snoozed": z.object({
    id: z.string(),
    until: z.string(),
    unreadCount: z.number().int().min(0),
    broadcastSeq: z.number().int().min(0),
  }),
  // The person's own inbox management, by id: at most 100 at once.
  /** Marked unread again. */
  "notification.unread": z.object({
    ids: z.array(z.string()).min(1).max(100),
    unreadCount: z.number().int().min(0),
    broadcastSeq: z.number().int().min(0),
  }),
  /** Moved to the Archive: out of the inbox and the count. */
  "notification.archived": z.object({
    ids: z.array(z.string()).min(1).max(100),
    archivedAt: z.string(),
    unreadCount: z.number().int().min(0),
    broadcastSeq: z.number().int().min(0),
  }),
  /** Back from the Archive into the inbox (readers load them again: an event carries no bodies of 100 entries). */
  "notification.unarchived": z.object({
    ids: z.array(z.string()).min(1).max(100),
    unreadCount: z.number().int().min(0),
    broadcastSeq: z.number().int().min(0),
  }),
  /** Deleted for good, from the inbox or the Archive. */
  "notification.deleted": z.object({
    ids: z.array(z.string()).min(1).max(100),
    unreadCount: z.number().int().min(0),
    broadcastSeq: z.number().int().min(0),
  }),
  "notification.all-read": z.object({
    /** Every notification whose `created` event came before this one is now read. */
    readAt: z.string(),
    unreadCount: z.number().int().min(0),
    broadcastSeq: z.number().int().min(0).default(0),
  }),
  // private-broadcasts (everyone signed in), private-role.<role>, private-team.<id>:
  // one event per announcement, whatever the number of recipients.
  "broadcast.sent": z.object({ broadcast: broadcastView.transform(broadcastForEvent) }),
  // private-feed (every signed-in reader) and private-post.<id> (its page)
  "post.created": z.object({ post: postView }),
  "post.updated": z.object({ post: postView }),
  "post.deleted": z.object({ id: z.string() }),
  // private-post.<id>
  "comment.created": z.object({ comment: commentView, commentCount: z.number().int().min(0) }),
  "comment.deleted": z.object({ id: z.string(), postId: z.string(), commentCount: z.number().int().min(0) }),
  // private-feed: signed-in people with at least one open tab
  // `joined` (newest first, at most ONLINE_SHOWN) and `left` let the "Online
  // now" list follow without reloading; `reload` when more changed than an
  // event carries (a reconcile), and the list is read again.
  "people.online": z.object({
    count: z.number().int().min(0),
    joined: z.array(onlinePersonView).max(24).default([]),
    left: z.array(z.string()).max(200).default([]),
    reload: z.boolean().default(false),
  }),
  // private-user.<id>.activity: what the person did, for their other tabs and the dashboard
  "activity.recorded": z.object({
    kind: z.enum(activityKinds),
    postId: z.string(),
    title: z.string(),
  }),
  // system (public): what every open page shows, signed in or not
  "maintenance.scheduled": z.object({ window: maintenanceWindowView }),
  "maintenance.cancelled": z.object({ id: z.string() }),
  // presence-room.<id>: messages and the agenda, as small diffs
  "message.created": z.object({ message: roomMessageView }),
  "message.updated": z.object({ message: roomMessageView }),
  "message.deleted": z.object({ id: z.string() }),
  // Reactions on the subject's channels: a room message's room,
  // a post's private-feed and private-post.<id>, a comment's private-post.<post id>.
  "reaction.changed": reactionChanged,
  "agenda.inserted": z.object({ item: agendaItemView, index: z.number().int().min(0) }),
  "agenda.updated": z.object({ item: agendaItemView }),
  "agenda.deleted": z.object({ id: z.string(), index: z.number().int().min(0) }),
  // Private rooms' member list changed (the owner added or removed someone).
  "room.member-added": z.object({ member: z.object({ id: z.string(), name: z.string() }) }),
  "room.member-removed": z.object({ userId: z.string() }),
  // presence-room.<id> and presence-doc.<id>: an invitation was answered (the
  // owner's "Invited — pending" list drops it; accepted ones become members).
  "invitation.answered": z.object({
    invitation: z.discriminatedUnion("status", [
      z.object({
        id: z.string(),
        status: z.literal("ACCEPTED"),
        invitee: z.object({ id: z.string(), name: z.string() }),
        role: z.enum(["EDITOR", "VIEWER"]).nullable(),
      }),
      // Every member hears this: who said no is for the owner's pending list only.
      z.object({ id: z.string(), status: z.literal("DECLINED") }),
    ]),
  }),
  // presence-room.<id> of small private rooms: read receipts
  "room.read": readPositionView,
  // private-conversation.<id>
  "conversation.message-created": z.object({ message: conversationMessageView }),
  "conversation.read": readPositionView,
  // private-user.<id>: a followed room or a conversation got a message (lists, unread counts) ...
  "chat.activity": z.object({
    kind: z.enum(chatKinds),
    id: z.string(),
    title: eventText(600),
    lastMessage: lastMessageView,
  }),
  // ... or the person read it (in any tab: the others clear their count).
  "chat.read": z.object({
    kind: z.enum(chatKinds),
    id: z.string(),
    messageId: z.string(),
    /** What is still unread after it (messages after that one, by others; at most 100 counted). */
    unread: z.number().int().min(0).default(0),
  }),
  // private-team.<id> (its members): an admin changed the team.
  "team.renamed": z.object({ team: z.object({ id: z.string(), name: z.string() }) }),
  "team.member-added": z.object({ member: z.object({ id: z.string(), name: z.string() }) }),
  "team.member-removed": z.object({ userId: z.string() }),
  "team.deleted": z.object({ id: z.string() }),
  // private-user.<id>: the person joined or left a team (their pages start or
  // stop listening to its channel; a channel cannot tell a non-member).
  "teams.changed": z.object({ teamId: z.string(), member: z.boolean() }),
  "agenda.moved": z.object({
    id: z.string(),
    from: z.number().int().min(0),
    to: z.number().int().min(0),
    position: z.string(),
  }),
  // private-doc.<id>: one committed operation of a collaborative document
  "document.op": z.object({
    /** The document version this op produced. */
    version: z.number().int().positive(),
    /** The op as applied to version - 1 (already transformed by the server). */
    op: textOpSchema,
    author: z.object({ id: z.string(), name: z.string() }).nullable(),
    /** Which editor session sent it: that session takes it as its acknowledgement. */
    clientId: z.string(),
    clientSeq: z.number().int(),
  }),
  // private-user.<owner id>: one of the person's datasets changed (an import
  // started or ended); the dashboard widget reloads its summary.
  "dataset.updated": z.object({
    dataset: z.object({
      id: z.string(),
      name: eventText(1_024),
      status: z.enum(processStatuses),
      rowCount: z.number().int().nullable(),
    }),
  }),
  // private-user.<owner id>: an import started (a new dataset and its first
  // run), in whichever tab or through whichever client: every open imports
  // page of the owner adds it to its list (by id, so twice is once).
  "dataset.created": z.object({ dataset: datasetListView }),
  // Background workflows. private-resource.<dataset id>: the runs of a dataset.
  "process.created": z.object({ process: processView }),
  "workflow.completed": z.object({ processId: z.string(), datasetId: z.string(), rowCount: z.number().int() }),
  "workflow.failed": z.object({
    processId: z.string(),
    datasetId: z.string(),
    status: z.enum(["FAILED", "CANCELLED"]),
    error: eventText(WORKFLOW_ERROR_BYTES).nullable(),
  }),
  // private-process.<id>: one run's steps, progress (coalesced) and log.
  "step.started": z.object({ processId: z.string(), step: stepView }),
  "step.progress": z.object({
    processId: z.string(),
    position: z.number().int(),
    done: z.number().int().min(0),
    total: z.number().int().min(0).nullable(),
  }),
  "step.completed": z.object({ processId: z.string(), step: stepView }),
  "step.failed": z.object({ processId: z.string(), step: stepView }),
  "process.activity": z.object({ processId: z.string(), activity: activityView }),
  "process.finished": z.object({
    processId: z.string(),
    status: z.enum(["COMPLETED", "FAILED", "CANCELLED"]),
    error: eventText(WORKFLOW_ERROR_BYTES).nullable(),
    finishedAt: z.string(),
  }),
} as const;

export type EventType = keyof typeof eventCatalogue;

/** The event that tells a channel's readers to reload their view (it is never handed to a view). */
export const CHANNEL_RESET = "channel.reset" satisfies EventType;
export type EventData<T extends EventType> = z.infer<(typeof eventCatalogue)[T]>;

export type EventEnvelope<T extends EventType = EventType> = {
  [K in T]: { id: number; type: K; channel: string; at: string; data: EventData<K> };
}[T];

const envelopeBase = z.object({
  id: z.number().int().positive(),
  type: z.string(),
  channel: z.string(),
  at: z.string(),
  data: z.unknown(),
});

/** Parses an envelope from the wire; null when it is not one we know. */
export function parseEnvelope(raw: unknown): EventEnvelope | null {
  const base = envelopeBase.safeParse(raw);
  // hasOwn, not `in`: "toString" is in every object and has no schema.
  if (!base.success || !Object.hasOwn(eventCatalogue, base.data.type)) return null;
  const data = eventCatalogue[base.data.type as EventType].safeParse(base.data.data);
  if (!data.success) return null;
  return { ...base.data, data: data.data } as EventEnvelope;
}

/** Pusher refuses events over 10 KB; keep a margin for the envelope. */
export const MAX_EVENT_BYTES = 9 * 1024;
