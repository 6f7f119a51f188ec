// Reactions: a small fixed set of emoji on room messages, posts,
// comments and direct messages. Shared by the browser and the server: the set, the subject
// kinds, the inputs and what an event or a page's summary carries.
import { z } from "zod";
import { eventText } from "@/lib/event-text";

/** The fixed set, in the order the picker shows it. The database's CHECK lists the same. */
export const reactionEmojis = ["👍", "❤️", "😂", "🎉", "😮", "😢"] as const;
export type ReactionEmoji = (typeof reactionEmojis)[number];

/** What people call them (screen readers, the picker's buttons). */
export const emojiNames: Record<ReactionEmoji, string> = {
  "👍": "thumbs up",
  "❤️": "heart",
  "😂": "laughing",
  "🎉": "party",
  "😮": "surprised",
  "😢": "sad",
};

/**
 * What can be reacted to: a room's message, a post, a comment, a direct
 * message. A new kind is one more name here, one more value of the
 * database's ReactionSubject enum (with its delete trigger) and one entry in
 * src/server/reactions/subjects.ts.
 */
const reactionSubjectKinds = ["message", "post", "comment", "conversationMessage"] as const;
export type ReactionSubjectKind = (typeof reactionSubjectKinds)[number];

const id = z.string().min(1).max(64);

const reactionSubject = z.object({ kind: z.enum(reactionSubjectKinds), id });

export const toggleReactionInput = z.object({
  subject: reactionSubject,
  emoji: z.enum(reactionEmojis, { error: "Choose one of the offered reactions" }),
});
export type ToggleReactionInput = z.infer<typeof toggleReactionInput>;

/** A page of messages, posts or comments: their reactions in one query. */
export const REACTION_PAGE_MAX = 100;
export const listReactionsInput = z.object({
  kind: z.enum(reactionSubjectKinds),
  ids: z.array(id).min(1).max(REACTION_PAGE_MAX),
});

/** How many names a summary carries per emoji ("Alice, Bob and 3 others"). */
export const REACTION_NAMES_MAX = 5;

const reactionCount = z.object({
  emoji: z.enum(reactionEmojis),
  count: z.number().int().min(1),
  /** Whether the person asking reacted with it. */
  mine: z.boolean(),
  /** The first others who reacted (not the asker: `mine` says that), at most REACTION_NAMES_MAX; the rest are a number. */
  names: z.array(z.string()).max(REACTION_NAMES_MAX),
});
export type ReactionCount = z.infer<typeof reactionCount>;

/**
 * One subject's reactions. `version` orders them against events: every
 * change is numbered by the event it wrote on the subject's first channel,
 * and a summary includes every change up to its version.
 */
export const reactionSummary = z.object({
  id: z.string(),
  version: z.number().int().min(0),
  reactions: z.array(reactionCount),
});
export type ReactionSummary = z.infer<typeof reactionSummary>;

/**
 * `reaction.changed`: one person's toggle and the new count of that emoji
 * (absolute, so a duplicate or late event changes nothing), never the list.
 */
export const reactionChanged = z.object({
  subject: reactionSubject,
  emoji: z.enum(reactionEmojis),
  count: z.number().int().min(0),
  /** Whether `user` now has this reaction (false: they took it back). */
  reacted: z.boolean(),
  // Cut (never refused) to keep the event small whatever the name.
  user: z.object({ id: z.string(), name: eventText(512) }),
  /** The change's number (see reactionSummary.version). */
  version: z.number().int().min(1),
});
export type ReactionChanged = z.infer<typeof reactionChanged>;

/** "You, Alice and 3 others": who reacted, from the names known and the count. */
export function reactedBy(reaction: Pick<ReactionCount, "names" | "count" | "mine">, shown = 3): string {
  const { count } = reaction;
  const listed = [...(reaction.mine ? ["You"] : []), ...reaction.names].slice(0, Math.min(shown, count));
  const others = count - listed.length;
  if (listed.length === 0) return count === 1 ? "1 person" : `${count} people`;
  if (others <= 0) {
    return listed.length === 1 ? listed[0]! : `${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}`;
  }
  return `${listed.join(", ")} and ${others} ${others === 1 ? "other" : "others"}`;
}
