// `npm run bench:announcements`: what an admin's announcement to everyone
// costs, beside fan-out references run in the same process on the same
// database, so the machine's noise hits both alike:
//   announcement: `sendAnnouncement` to everyone (one Broadcast row, one
//     outbox event, one audit entry; the answer's recipient count after commit);
//   (A) bulk fan-out, the best case for writing every copy at send time: one
//     transaction of INSERT ... SELECT statements making N Notification rows,
//     N per-channel sequence numbers and N `notification.created` outbox events;
//   (B) the app's own per-person path: `sendAnnouncement` to chosen people
//     (`notifyInTransaction` for each), at most 500 per call (validation), so
//     timed for 500 and extrapolated to N;
//   deferred: a person's first `inboxSummary` after an announcement (which
//     makes their copy) against their second (nothing to copy).
// Prints a table and writes JSON to bench/results/. docs/benchmarks.md.
// Settings: DATABASE_URL (a PostgreSQL server; a fresh database
// notify_bench_announcements is made on it and dropped at the end),
// BENCH_ANNOUNCE_SIZES (people, 1000,10000,100000), BENCH_ANNOUNCE_RUNS (sends
// timed per size, 5), BENCH_ANNOUNCE_PEOPLE_MAX (largest size (B) runs at, 10000),
// BENCH_ANNOUNCE_SAMPLE (people timed for the deferred cost, 50).
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { migrateDeploy } from "../scripts/lib/migrate";
import { dropDatabase, freshDatabase } from "./database";
import { describeMachine, median, watchMachine, writeResult } from "./stats";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const SIZES = (process.env.BENCH_ANNOUNCE_SIZES || "1000,10000,100000").split(",").map(Number);
const RUNS = num("BENCH_ANNOUNCE_RUNS", 5);
const PEOPLE_MAX = num("BENCH_ANNOUNCE_PEOPLE_MAX", 10_000);
const SAMPLE = num("BENCH_ANNOUNCE_SAMPLE", 50);
const PER_CALL = 500; // the validation's cap on chosen people
const PEOPLE_RUNS = 3;
const DB_NAME = "notify_bench_announcements";
const ADMIN_ID = "benchadmin";
/** The admin the announcements are sent as (the row inserted for each size). */
const ADMIN = { id: ADMIN_ID, name: "Bench admin", role: "ADMIN" as const };
const TITLE = "Office closed on Friday";
const BODY = "The building is closed for maintenance; work from home.";

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** The bulk users' ids: bulk1 … bulkN. */
const person = (n: number) => `bulk${n}`;
/** A bulk user as the person a page load is for. */
const reader = (id: string) => ({ id, name: `Bulk ${id.slice("bulk".length)}`, role: "USER" as const });

type Counts = { notifications: number; outbox: number; broadcasts: number; audit: number; channels: number };

async function counts(sql: pg.Pool): Promise<Counts> {
  const { rows } = await sql.query<Record<keyof Counts, string>>(`SELECT
    (SELECT count(*) FROM "Notification") AS notifications,
    (SELECT count(*) FROM "OutboxEvent") AS outbox,
    (SELECT count(*) FROM "Broadcast") AS broadcasts,
    (SELECT count(*) FROM "AuditEntry") AS audit,
    (SELECT count(*) FROM "ChannelSequence") AS channels`);
  const r = rows[0]!;
  return { notifications: +r.notifications, outbox: +r.outbox, broadcasts: +r.broadcasts, audit: +r.audit, channels: +r.channels };
}

const perSend = (before: Counts, after: Counts, sends: number): Counts =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, (v - before[k as keyof Counts]) / sends])) as Counts;

/**
 * Reference (A): every person's notification and its event written at send
 * time in one transaction, set-wise (no per-person round trip, no preference
 * check): the fastest fan-out this schema allows. The event is the one
 * `notifyInTransaction` writes (`notification.created` with the view, the
 * person's unread count and watermark) on the person's channel, numbered by
 * its ChannelSequence row as the outbox requires.
 */
async function bulkFanOut(sql: pg.Pool, run: string): Promise<void> {
  const client = await sql.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Notification" (id, "recipientId", "senderId", type, title, body, link, urgent)
       SELECT 'fan_' || $1 || '_' || u.id, u.id, $2, 'broadcast', $3, $4, NULL, false FROM "User" u`,
      [run, ADMIN_ID, TITLE, BODY],
    );
    await client.query(
      `WITH seqs AS (
         INSERT INTO "ChannelSequence" (channel, "lastSeq")
         SELECT 'private-user.' || u.id, 1 FROM "User" u
         ON CONFLICT (channel) DO UPDATE SET "lastSeq" = "ChannelSequence"."lastSeq" + 1
         RETURNING channel, "lastSeq"),
       unread AS (
         SELECT "recipientId", count(*)::int AS c FROM "Notification"
         WHERE "readAt" IS NULL AND "parentId" IS NULL AND "snoozedUntil" IS NULL GROUP BY "recipientId")
       INSERT INTO "OutboxEvent" (channel, seq, type, payload)
       SELECT s.channel, s."lastSeq", 'notification.created', jsonb_build_object(
         'notification', jsonb_build_object(
           'id', n.id, 'type', n.type, 'title', n.title, 'body', n.body, 'link', n.link,
           'senderName', a.name, 'createdAt', to_char(n."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'readAt', NULL, 'groupCount', 1, 'actors', '[]'::jsonb, 'urgent', n.urgent),
         'unreadCount', coalesce(unread.c, 0),
         'broadcastSeq', u."broadcastSeq")
       FROM "User" u
       JOIN seqs s ON s.channel = 'private-user.' || u.id
       JOIN "Notification" n ON n.id = 'fan_' || $1 || '_' || u.id
       LEFT JOIN "User" a ON a.id = n."senderId"
       LEFT JOIN unread ON unread."recipientId" = u.id`,
      [run],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

type SizeResult = {
  people: number;
  announcement: { medianMs: number; runsMs: number[]; countRecipientsMs: number; rowsPerSend: Counts };
  bulkFanOut: { medianMs: number; runsMs: number[]; rowsPerSend: Counts };
  perPerson?: { callPeople: number; medianCallMs: number; runsMs: number[]; failed: number; perPersonMs: number; extrapolatedMs: number; rowsPerCall: Counts };
  deferred: { sample: number; firstMedianMs: number; secondMedianMs: number; copiesMade: number; extrapolatedAllMs: number };
  ratio: { bulkOverAnnouncement: number; perPersonOverAnnouncement?: number };
};

async function main() {
  const serverUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const databaseUrl = await freshDatabase(serverUrl, DB_NAME);
  const machine = watchMachine();
  try {
    await migrateDeploy(databaseUrl, { quiet: true });
    // The app's modules read their settings on first use: point them at the
    // benchmark's database. Pusher settings only satisfy validation: no
    // publisher runs, the outbox rows stay unpublished.
    process.env.DATABASE_URL = databaseUrl;
    process.env.NEXTAUTH_URL ||= "http://localhost:3000";
    process.env.NEXTAUTH_SECRET ||= "bench-secret-bench-secret-bench-secret";
    process.env.PUSHER_APP_ID ||= "bench";
    process.env.PUSHER_KEY ||= "bench-key";
    process.env.PUSHER_SECRET ||= "bench-secret";
    process.env.PUSHER_HOST ||= "127.0.0.1";
    const { db } = await import("@/server/db");
    const { sendAnnouncement } = await import("@/server/broadcasts/send-announcement");
    const { countRecipients } = await import("@/server/broadcasts/audience");
    const { inboxSummary } = await import("@/server/notifications/list-notifications");
    const { sendAnnouncementInput } = await import("@/lib/validation/notifications");
    // Sending to everyone also queues the pushes' job: start the queue's
    // sending side first, so no timed send includes starting it.
    const { prepareQueue, stopSender } = await import("@/server/job-queue");
    const { announcementPushQueue } = await import("@/server/broadcasts/announcement-push");
    await prepareQueue(announcementPushQueue);
    const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });

    const announce = (audience: unknown) =>
      sendAnnouncement({ actor: ADMIN, ...sendAnnouncementInput.parse({ audience, title: TITLE, body: BODY }) });
    const results: SizeResult[] = [];

    for (const size of SIZES) {
      log(`--- ${size.toLocaleString("en")} people ---`);
      await sql.query(`TRUNCATE "User", "Broadcast", "Notification", "OutboxEvent", "ChannelSequence", "AuditEntry" CASCADE`);
      await sql.query(
        `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, 'admin@bench.example', 'Bench admin', 'not-a-hash', 'ADMIN', now())`,
        [ADMIN_ID],
      );
      await sql.query(
        `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt")
         SELECT 'bulk' || g, 'bulk' || g || '@bulk.example', 'Bulk ' || g, 'not-a-hash', now() FROM generate_series(1, $1::int) g`,
        [size],
      );
      await sql.query(`VACUUM ANALYZE "User"`);

      // (B) first, while no broadcast is pending: each person's unread state
      // would otherwise also copy the pending ones, which is not this path's cost.
      let perPerson: SizeResult["perPerson"];
      if (size <= PEOPLE_MAX) {
        const callPeople = Math.min(PER_CALL, size);
        const chosen = (r: number) => Array.from({ length: callPeople }, (_, i) => person(1 + ((r * callPeople + i) % size)));
        await announce({ kind: "users", userIds: chosen(PEOPLE_RUNS).slice(0, 10) }); // warm-up
        const before = await counts(sql);
        const runsMs: number[] = [];
        let failed = 0;
        for (let r = 0; r < PEOPLE_RUNS; r++) {
          try {
            const { ms } = await timed(() => announce({ kind: "users", userIds: chosen(r) }));
            runsMs.push(ms);
            log(`(B) per-person path, ${callPeople} people: ${ms.toFixed(0)} ms`);
          } catch (error) {
            failed++;
            log(`(B) per-person path, ${callPeople} people: failed: ${String(error).split("\n").filter(Boolean).at(-1)}`);
          }
        }
        const medianCallMs = median(runsMs);
        const perPersonMs = medianCallMs / callPeople;
        perPerson = {
          callPeople,
          medianCallMs,
          runsMs,
          failed,
          perPersonMs,
          extrapolatedMs: perPersonMs * size,
          rowsPerCall: perSend(before, await counts(sql), Math.max(1, runsMs.length)),
        };
      }

      // The announcement and (A), alternating which goes first, so a drift
      // in the machine's load falls on both.
      await announce({ kind: "everyone" }); // warm-up
      await bulkFanOut(sql, "warm");
      const announceMs: number[] = [];
      const bulkMs: number[] = [];
      const announceRows: Counts[] = [];
      const bulkRows: Counts[] = [];
      const runAnnouncement = async () => {
        const before = await counts(sql);
        const { ms } = await timed(() => announce({ kind: "everyone" }));
        announceMs.push(ms);
        announceRows.push(perSend(before, await counts(sql), 1));
      };
      const runBulk = async (r: number) => {
        const before = await counts(sql);
        const { ms } = await timed(() => bulkFanOut(sql, String(r)));
        bulkMs.push(ms);
        bulkRows.push(perSend(before, await counts(sql), 1));
      };
      for (let r = 0; r < RUNS; r++) {
        if (r % 2 === 0) {
          await runAnnouncement();
          await runBulk(r);
        } else {
          await runBulk(r);
          await runAnnouncement();
        }
        log(`run ${r + 1}: announcement ${announceMs.at(-1)!.toFixed(1)} ms, (A) bulk fan-out ${bulkMs.at(-1)!.toFixed(0)} ms`);
      }
      // The recipient count in the announcement's answer, alone.
      const countRecipientsMs = median(
        await Promise.all([0, 1, 2].map(async () => (await timed(() => countRecipients({ kind: "everyone" }))).ms)),
      );

      // Deferred: people spread over the table, brought up to date, then one
      // more announcement; their first look makes its copy, the second has none.
      // Statistics first: measured, right after (A)'s bulk inserts and before
      // autovacuum analyzes them, the inbox's query planned a scan of every
      // notification (~60 ms at 600,000 rows) instead of the person's index.
      await sql.query(`ANALYZE`);
      const step = Math.max(1, Math.floor(size / SAMPLE));
      const sample = Array.from({ length: Math.min(SAMPLE, size) }, (_, i) => person(1 + i * step));
      for (const id of sample) await inboxSummary({ actor: reader(id) });
      const { broadcastId } = await announce({ kind: "everyone" });
      const first: number[] = [];
      const second: number[] = [];
      for (const id of sample) {
        first.push((await timed(() => inboxSummary({ actor: reader(id) }))).ms);
        second.push((await timed(() => inboxSummary({ actor: reader(id) }))).ms);
      }
      const copiesMade = await db.notification.count({ where: { broadcastId, recipientId: { in: sample } } });
      const firstMedianMs = median(first);
      const secondMedianMs = median(second);
      log(`deferred: first inboxSummary ${firstMedianMs.toFixed(1)} ms, second ${secondMedianMs.toFixed(1)} ms (${copiesMade}/${sample.length} copies made)`);

      const announcementMedian = median(announceMs);
      const bulkMedian = median(bulkMs);
      results.push({
        people: size,
        announcement: { medianMs: announcementMedian, runsMs: announceMs, countRecipientsMs, rowsPerSend: announceRows[0]! },
        bulkFanOut: { medianMs: bulkMedian, runsMs: bulkMs, rowsPerSend: bulkRows[0]! },
        perPerson,
        deferred: {
          sample: sample.length,
          firstMedianMs,
          secondMedianMs,
          copiesMade,
          extrapolatedAllMs: Math.max(0, firstMedianMs - secondMedianMs) * size,
        },
        ratio: {
          bulkOverAnnouncement: bulkMedian / announcementMedian,
          perPersonOverAnnouncement: perPerson ? perPerson.extrapolatedMs / announcementMedian : undefined,
        },
      });
    }

    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      settings: { sizes: SIZES, runs: RUNS, perPersonRuns: PEOPLE_RUNS, perPersonMax: PEOPLE_MAX, sample: SAMPLE },
      results,
    };
    const file = writeResult(root, "announcements-", result);
    console.log(`\n${table(results)}\n`);
    console.log(describeMachine(result.machine));
    console.log(`JSON: ${file}`);

    await sql.end();
    await stopSender();
    await db.$disconnect();
    // The app's pool outlives Prisma's disconnect; its idle connections would
    // report the database's drop as an error.
    const { dbPool } = await import("@/server/db");
    await dbPool().end();
  } finally {
    await dropDatabase(serverUrl, DB_NAME);
  }
}

function table(results: SizeResult[]): string {
  const ms = (v?: number) => (v === undefined || Number.isNaN(v) ? "-" : v >= 100 ? Math.round(v).toLocaleString("en") : v.toFixed(1));
  const x = (v?: number) => (v === undefined || Number.isNaN(v) ? "-" : `${v >= 10 ? Math.round(v).toLocaleString("en") : v.toFixed(1)}×`);
  const rows = (c: Counts) => `${c.notifications.toLocaleString("en")} / ${c.outbox.toLocaleString("en")}`;
  const lines = [
    "| People | announcement ms | rows (notif / events) | (A) bulk fan-out ms | rows | (A) ÷ announcement | (B) per person ms | (B) to everyone ms, extrapolated | (B) ÷ announcement | first inbox look ms (copy) | second ms | all copies ms, extrapolated |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    lines.push(
      `| ${r.people.toLocaleString("en")} | ${ms(r.announcement.medianMs)} | ${rows(r.announcement.rowsPerSend)} | ${ms(r.bulkFanOut.medianMs)} | ${rows(r.bulkFanOut.rowsPerSend)} | ${x(r.ratio.bulkOverAnnouncement)} | ${r.perPerson ? r.perPerson.perPersonMs.toFixed(2) : "-"} | ${ms(r.perPerson?.extrapolatedMs)} | ${x(r.ratio.perPersonOverAnnouncement)} | ${ms(r.deferred.firstMedianMs)} | ${ms(r.deferred.secondMedianMs)} | ${ms(r.deferred.extrapolatedAllMs)} |`,
    );
  }
  return lines.join("\n");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
