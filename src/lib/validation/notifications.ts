// Inputs of the notification procedures: shared by the forms that send them.
import { z } from "zod";
import { linkTarget } from "../navigation/safe-next-path";
import { inboxKinds } from "../notifications/inbox-filters";

const notificationId = z.string().min(1).max(64);

const queryBoolean = z.preprocess(
  (v) => (v === "false" || v === "0" ? false : v === "true" || v === "1" ? true : v),
  z.boolean(),
);

export const listNotificationsInput = z.object({
  cursor: notificationId.nullish(),
  limit: z.number().int().min(1).max(100).default(20),
  // REST passes it as query text: "false" must mean false (a plain coercion makes any text true).
  unreadOnly: queryBoolean.default(false),
  /** Which kind of entry (`unreadOnly` is the older spelling of "unread"). */
  kind: z.enum(inboxKinds).default("all"),
  /** The Archive view instead of the inbox. */
  archived: queryBoolean.default(false),
});

/** Several of the person's notifications at once (the inbox's selection). */
export const notificationIdsInput = z.object({
  ids: z
    .array(notificationId)
    .min(1, "Choose at least one notification")
    .max(100, "Choose at most 100 notifications at once")
    .transform((ids) => [...new Set(ids)]),
});

export const markReadInput = z.object({ id: notificationId });

/** A link inside the app or an http(s) URL, kept as the browser will read it. */
const link = z
  .string()
  .trim()
  .max(500, "Keep the link under 500 characters")
  .refine((v) => acceptedLink(v) !== null, { message: "Use a path like /inbox or a full http(s) URL" })
  .transform((v) => acceptedLink(v)!);

function acceptedLink(value: string): string | null {
  const target = linkTarget(value);
  return target && (target.kind === "app" || /^https?:\/\/\S+$/.test(value)) ? target.href : null;
}

const message = {
  title: z.string().trim().min(1, "Give the notification a title").max(120, "Keep the title under 120 characters"),
  body: z.string().trim().max(2000, "Keep the message under 2,000 characters").default(""),
  // An empty field is no link. Not `.or(z.literal(""))`: a union whose
  // branch transforms reports only "Invalid input", not the branch's message.
  link: z.preprocess((v) => (v === "" ? undefined : v), link.optional()),
};

export const sendNotificationInput = z.object({
  recipientEmail: z.email("Enter the recipient's email address").trim().toLowerCase(),
  ...message,
});

const id = z.string().min(1).max(64);

/** Who an announcement goes to. */
const audienceInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("everyone") }),
  z.object({ kind: z.literal("role"), role: z.enum(["USER", "ADMIN"]) }),
  z.object({ kind: z.literal("team"), teamId: id }),
  z.object({
    kind: z.literal("users"),
    userIds: z
      .array(id)
      .min(1, "Choose at least one person")
      .max(500, "Choose at most 500 people (send to a team or everyone instead)")
      .transform((ids) => [...new Set(ids)]),
  }),
]);
export type Audience = z.output<typeof audienceInput>;

export const previewAnnouncementInput = z.object({ audience: audienceInput });

export const sendAnnouncementInput = z.object({
  audience: audienceInput,
  ...message,
  /**
   * Goes through mutes and quiet hours. A literal, not z.boolean(): the REST
   * adapter (trpc-to-openapi) turns a top-level boolean into a coercing one,
   * and `"urgent": 0` or `"no"` must be refused, not read as a boolean.
   */
  urgent: z.literal([true, false]).default(false),
});
export type SendAnnouncementInput = z.output<typeof sendAnnouncementInput>;

/** A page of sent announcements, newest first (the cursor is the last one's number). */
export const listAnnouncementsInput = z.object({
  cursor: z.string().regex(/^\d{1,9}$/, "Use the nextCursor of the previous page").nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type ListAnnouncementsInput = z.output<typeof listAnnouncementsInput>;
