// Writing posts. Each change appends its events in its own transaction, to
// the channels in the fixed order feed → post → activity (every transaction
// takes channel locks in the same order, so two cannot deadlock).
import "server-only";
import { recordAudit } from "../audit";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { PostView } from "@/lib/events";
import type { Actor } from "../actor";
import { db, queryPrepared, sqlRunner, type Tx } from "../db";
import { AppError } from "../errors";
import { mentionNotifications, newMentions } from "../mentions/notify-mentions";
import { notifyEach } from "../notifications/fan-out";
import { channels } from "@/lib/realtime/channel-names";
import { kickPublisher } from "../realtime/current-publisher";
import { appendEvent, appendEventsAfterSql, transactionWithEvents, type AppendedEvent } from "../realtime/outbox";
import { contentLimits } from "../content-limits";
import type { CountingSql } from "../sliding-window-limit";
import { activityEvent, recordActivity } from "./activity";
import { attachImages, releaseImages, replaceImages } from "./attachments";
import { earlierCreate } from "./chosen-id";
import { forEvent, postSelect, toPostView } from "./post-view";

export async function createPost(options: {
  actor: Actor;
  id?: string;
  title: string;
  body: string;
  attachmentIds?: readonly string[];
}): Promise<PostView> {
  const { actor, ...input } = options;
  // The usual post, without images or mentions, is one statement with its
  // rate limit; the rest (and an id already taken: a retry, or a clash) take
  // the transaction. Counted before anything is stored: a refused post stores nothing.
  if (!input.attachmentIds?.length && newMentions(input.body, actor.id).length === 0) {
    const post = await insertPlainPost(actor, input);
    if (post) return post;
  } else {
    await contentLimits.posts.consume(actor.id);
  }
  return transactionWithEvents(db, async (tx) => {
    if (input.id) {
      const earlier = earlierCreate(
        await tx.post.findUnique({ where: { id: input.id }, select: postSelect }),
        actor.id,
      );
      if (earlier) return toPostView(earlier);
    }
    const post = input.attachmentIds?.length
      ? await insertPostWithImages(tx, { ...input, authorId: actor.id, attachmentIds: input.attachmentIds })
      : await insertPost(tx, { ...input, authorId: actor.id });
    await appendEvent(tx, channels.feed(), "post.created", { post: forEvent(post) });
    await recordActivity(tx, actor.id, "post.created", post);
    await notifyPostMentions(tx, post, actor.id);
    return post;
  });
}

/**
 * A post without images or mentions in one autocommit statement, as
 * notify() does: the author's rate limit counted, the row, its feed event
 * and the author's activity event, with the author's name as the statement
 * reads it. The channels' locks are held only while it runs. Null when the
 * id was taken (nothing written, the post counted: as a retry through the
 * transaction would be). Past the limit: the refusal, nothing written.
 */
async function insertPlainPost(actor: Actor, input: { id?: string; title: string; body: string }): Promise<PostView | null> {
  const draft: PostView = {
    id: input.id ?? randomUUID(),
    title: input.title,
    body: input.body,
    bodyTruncated: false,
    author: { id: actor.id, name: actor.name },
    createdAt: new Date().toISOString(),
    editedAt: null,
    commentCount: 0,
    attachments: [],
  };
  const statement = (count: CountingSql) => appendEventsAfterSql(
    {
      ctes: Prisma.sql`${count.ctes},
        p AS (
          INSERT INTO "Post" (id, "authorId", title, body, "createdAt")
          SELECT ${draft.id}, ${actor.id}, ${draft.title}, ${draft.body}, ${draft.createdAt}::timestamptz AT TIME ZONE 'UTC'
          FROM ${Prisma.raw(count.within)}
          ON CONFLICT (id) DO NOTHING
          RETURNING id),
        a AS (SELECT u.name FROM "User" u, p WHERE u.id = ${actor.id})`,
      from: "a",
      payload: Prisma.sql`CASE WHEN x.type = 'post.created' THEN jsonb_set(x.payload, '{post,author,name}', to_jsonb(a.name)) ELSE x.payload END`,
    },
    [{ channel: channels.feed(), type: "post.created", data: { post: forEvent(draft) } }, activityEvent(actor.id, "post.created", draft)],
  );
  const { rows } = await contentLimits.posts.countedWith(actor.id, (count) => queryPrepared<AppendedEvent>(statement(count)));
  if (rows.length === 0) return null;
  kickPublisher(rows);
  const created = rows.find((event) => event.type === "post.created")!.payload as { post: PostView };
  return { ...draft, author: created.post.author };
}

/**
 * A new post without images, as events show it, in one statement (a new
 * post has no comments and no images to read back).
 */
async function insertPost(tx: Tx, options: { authorId: string; id?: string; title: string; body: string }): Promise<PostView> {
  const [row] = await sqlRunner(tx)<{ id: string; title: string; body: string; createdAt: Date; authorName: string }>(Prisma.sql`
    WITH p AS (
      INSERT INTO "Post" (id, "authorId", title, body, "createdAt")
      VALUES (${options.id ?? randomUUID()}, ${options.authorId}, ${options.title}, ${options.body}, now() AT TIME ZONE 'UTC')
      RETURNING id, title, body, "createdAt", "authorId")
    SELECT p.id, p.title, p.body, p."createdAt" AT TIME ZONE 'UTC' AS "createdAt", u.name AS "authorName"
    FROM p JOIN "User" u ON u.id = p."authorId"`);
  const { authorName, ...post } = row!;
  return toPostView({ ...post, editedAt: null, author: { id: options.authorId, name: authorName }, _count: { comments: 0 }, attachments: [] });
}

async function insertPostWithImages(
  tx: Tx,
  options: { authorId: string; id?: string; title: string; body: string; attachmentIds: readonly string[] },
): Promise<PostView> {
  const { id } = await tx.post.create({
    data: { id: options.id, authorId: options.authorId, title: options.title, body: options.body },
    select: { id: true },
  });
  await attachImages(tx, { postId: id, userId: options.authorId, uploadIds: options.attachmentIds });
  return toPostView(await tx.post.findUniqueOrThrow({ where: { id }, select: postSelect }));
}

/** People the post's text (newly) mentions: a "mention" notification each. */
async function notifyPostMentions(tx: Tx, post: PostView, writerId: string, previousBody?: string) {
  const ids = newMentions(post.body, writerId, previousBody);
  if (ids.length === 0) return;
  const place = { kind: "post" as const, postId: post.id, title: post.title };
  await notifyEach(tx, await mentionNotifications(tx, { ids, writer: { id: writerId, name: post.author.name }, place, text: post.body }));
}

/** The post's author, or a refusal that says why (not found / not yours). */
async function authorOf(tx: Tx, postId: string): Promise<string> {
  const found = await tx.post.findUnique({ where: { id: postId }, select: { authorId: true } });
  if (!found) throw new AppError("NOT_FOUND", "That post does not exist (it may have been deleted).");
  return found.authorId;
}

/** `attachmentIds`, when given, is the post's whole new list of images, in order; absent keeps them. */
export function updatePost(options: {
  actor: Actor;
  id: string;
  title: string;
  body: string;
  attachmentIds?: readonly string[];
}) {
  return transactionWithEvents(db, async (tx) => {
    if ((await authorOf(tx, options.id)) !== options.actor.id) {
      throw new AppError("FORBIDDEN", "You can edit only your own posts.");
    }
    // Only people the edit newly mentions hear of it (none read unless it has a mention).
    const before = options.body.includes("@[")
      ? await tx.post.findUnique({ where: { id: options.id }, select: { body: true } })
      : null;
    if (options.attachmentIds) {
      await replaceImages(tx, { postId: options.id, userId: options.actor.id, uploadIds: options.attachmentIds });
    }
    const row = await tx.post.update({
      where: { id: options.id },
      data: { title: options.title, body: options.body, editedAt: new Date() },
      select: postSelect,
    });
    const post = toPostView(row);
    await appendEvent(tx, channels.feed(), "post.updated", { post: forEvent(post) });
    await appendEvent(tx, channels.post(post.id), "post.updated", { post: forEvent(post) });
    await recordActivity(tx, options.actor.id, "post.updated", post);
    await notifyPostMentions(tx, post, options.actor.id, before?.body);
    return post;
  });
}

/** Authors delete their own posts; admins may delete any. */
export function deletePost(options: { actor: Actor; id: string }) {
  const { actor } = options;
  return transactionWithEvents(db, async (tx) => {
    const authorId = await authorOf(tx, options.id);
    if (authorId !== actor.id && actor.role !== "ADMIN") {
      throw new AppError("FORBIDDEN", "You can delete only your own posts.");
    }
    await releaseImages(tx, options.id);
    const { title } = await tx.post.delete({ where: { id: options.id }, select: { title: true } });
    if (authorId !== actor.id) {
      // An admin removing someone else's post: moderation, so audited.
      await recordAudit(tx, { actorId: actor.id, action: "post.deleted", target: title, details: { postId: options.id, authorId } });
    }
    await appendEvent(tx, channels.feed(), "post.deleted", { id: options.id });
    await appendEvent(tx, channels.post(options.id), "post.deleted", { id: options.id });
    await recordActivity(tx, actor.id, "post.deleted", { id: options.id, title });
    return { id: options.id };
  });
}
