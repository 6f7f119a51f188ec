// The worker's side of an announcement's Web Push. Sending wrote one
// Broadcast row and queued one job (send-announcement.ts); here the people
// it reaches who have a device are walked in batches, by user id, each
// batch one job that queues the next. Only people with a push subscription
// are read, so an announcement to 100,000 people of whom 50 have a device
// costs 50 pushes, not 100,000 rows.
//
// A batch that fails half way (a worker dies) is retried whole: those
// people may get the push twice, nobody outside that batch does (the next
// batch's job has a fixed id, so it is queued once).
import "server-only";
import { createHash } from "node:crypto";
import type { Job, PgBoss } from "pg-boss";
import { Prisma } from "@/generated/prisma/client";
import { broadcastAsNotification } from "@/lib/notifications/notification-cache";
import type { Db, Tx } from "../db";
import { defineQueue, ensureQueue, sendJob } from "../job-queue";
import { wantsPush } from "../notifications/preferences";
import { pushNotification } from "../notifications/push/send-push";
import { broadcastSelect, toBroadcastView } from "./broadcast-view";
import { inAudience } from "../notifications/copy-broadcasts";

/** One batch of people: `afterUserId` is where the batch starts (null: the first). */
type AnnouncementPushJob = { broadcastId: string; afterUserId: string | null };
// A batch is at most 500 people whose pushes time out after 10 s each, 20 at once.
export const announcementPushQueue = defineQueue<AnnouncementPushJob>("announcement-push", {
  expireInSeconds: 10 * 60,
  retryLimit: 3,
  retryDelay: 5,
});

const PUSH_BATCH_SIZE = 500;
/** Pushes in flight at once within a batch (each person's devices in parallel too). */
const PUSHES_AT_ONCE = 20;

type Person = { id: string; push: boolean | null; quietStart: number | null; quietEnd: number | null; timeZone: string | null };

/**
 * Pushes the announcement to one batch of the people it reaches who have a
 * device, starting after `afterUserId`. Returns where the next batch
 * starts, or null when this was the last.
 */
async function pushAnnouncementBatch(
  db: Db,
  job: AnnouncementPushJob,
  options: { batchSize?: number; now?: Date } = {},
): Promise<{ pushed: number; next: string | null }> {
  const batchSize = options.batchSize ?? PUSH_BATCH_SIZE;
  const row = await db.broadcast.findUnique({ where: { id: job.broadcastId }, select: broadcastSelect });
  // Gone (its team was deleted): nobody to push to.
  if (!row) return { pushed: 0, next: null };
  const broadcast = toBroadcastView(row);
  const people = await db.$queryRaw<Person[]>`
    SELECT u.id, p.push, u."quietStart", u."quietEnd", u."timeZone"
    FROM "User" u
    JOIN "Broadcast" b ON b.id = ${broadcast.id}
    LEFT JOIN "NotificationPreference" p ON p."userId" = u.id AND p.type = 'broadcast'
    WHERE u.id IN (SELECT s."userId" FROM "PushSubscription" s WHERE s."userId" > ${job.afterUserId ?? ""})
      AND ${inAudience({ id: Prisma.sql`u.id`, role: Prisma.sql`u.role::text`, createdAt: Prisma.sql`u."createdAt"` })}
    ORDER BY u.id
    LIMIT ${batchSize}`;
  // Quiet hours are read on each person's clock when the push goes out.
  const now = options.now ?? new Date();
  const wanted = people.filter((p) =>
    wantsPush({ push: p.push, hours: p, urgent: broadcast.urgent, now }),
  );
  for (let i = 0; i < wanted.length; i += PUSHES_AT_ONCE) {
    // pushNotification skips people with a tab open (the live event reached
    // them) and never throws.
    await Promise.all(
      // Each push carries the id of the person's inbox copy (a device shows
      // one notification per id): the entry the browser shows live too.
      wanted
        .slice(i, i + PUSHES_AT_ONCE)
        .map((person) => pushNotification(person.id, broadcastAsNotification(broadcast, person.id), { badge: false })),
    );
  }
  const next = people.length === batchSize ? people[people.length - 1]!.id : null;
  return { pushed: wanted.length, next };
}

/** Runs the batches in the worker: each job pushes one batch, then queues the next. */
export async function startAnnouncementPushes(boss: PgBoss, db: Db, log: (message: string) => void): Promise<void> {
  await ensureQueue(boss, announcementPushQueue);
  await boss.work<AnnouncementPushJob>(
    announcementPushQueue.name,
    { batchSize: 1, pollingIntervalSeconds: 0.5 },
    async (jobs: Job<AnnouncementPushJob>[]) => {
      for (const job of jobs) {
        const { pushed, next } = await pushAnnouncementBatch(db, job.data);
        // Queued before this job completes: a crash in between retries this
        // batch, and the next one's fixed id keeps it from being queued twice.
        if (next) await sendBatchJob({ broadcastId: job.data.broadcastId, afterUserId: next }, { boss });
        if (pushed > 0) log(`announcement ${job.data.broadcastId}: pushed to ${pushed} people`);
      }
    },
  );
}

/**
 * Queues the first batch in the caller's transaction, so the job exists
 * exactly when the announcement committed (prepareQueue(announcementPushQueue)
 * before the transaction).
 */
export async function enqueueAnnouncementPush(tx: Tx, broadcastId: string): Promise<void> {
  await sendBatchJob({ broadcastId, afterUserId: null }, { tx });
}

/**
 * Sends one batch's job. Its id is derived from the broadcast and the batch
 * start, and pg-boss skips a job whose id exists: a batch retried after it
 * queued the next one queues nothing twice.
 */
function sendBatchJob(job: AnnouncementPushJob, options: { tx?: Tx; boss?: PgBoss }): Promise<void> {
  return sendJob(announcementPushQueue, job, { id: announcementPushJobId(job), singletonKey: job.broadcastId, ...options });
}

/** A UUID (the job id's type) from the broadcast id and where the batch starts. */
function announcementPushJobId(job: AnnouncementPushJob): string {
  const hex = createHash("sha256").update(`${job.broadcastId}\n${job.afterUserId ?? ""}`).digest("hex");
  // Version 8 (custom) and the RFC 4122 variant bits, so it is a well-formed UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
