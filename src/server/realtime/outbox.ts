// Writing events: always inside the transaction that makes the change, so an
// event exists exactly when its change committed (design: "persist, then
// broadcast").
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { sqlRunner, type Db, type Tx } from "../db";
import { AppError } from "../errors";
import { eventCatalogue, MAX_EVENT_BYTES, type EventData, type EventType } from "@/lib/events";
import { kickPublisher } from "./current-publisher";

/**
 * Appends one event to the outbox. `data` may be a function: it runs after
 * the channel's row lock is held, so values it reads (a comment count) are
 * not raced by another writer of the same channel; it is given the event's
 * number. Plain data goes out in one statement: numbering and writing the
 * event together.
 */
export async function appendEvent<T extends EventType>(
  tx: Tx,
  channel: string,
  type: T,
  data: EventData<T> | ((seq: number) => Promise<EventData<T>>),
): Promise<number> {
  if (typeof data !== "function") {
    const [row] = await sqlRunner(tx)<AppendedEvent>(appendEventSql(channel, type, data));
    committedEvents.get(tx)?.events?.push(row!);
    return row!.seq;
  }
  const lastSeq = await nextSeq(tx, channel);
  const payload = checkedPayload(type, await (data as (seq: number) => Promise<EventData<T>>)(Number(lastSeq)));
  const row = await tx.outboxEvent.create({ data: { channel, seq: lastSeq, type, payload } });
  // Not known to follow no barrier: the publisher reads it back instead.
  committedEvents.get(tx)?.events?.push({ ...row, eventId: String(row.id), seq: Number(row.seq), afterBarrier: true });
  return Number(lastSeq);
}

/**
 * An event as the statement that wrote it returns it: enough for this
 * process's publisher to send it after commit without reading it back
 * (OutboxPublisher.kick). Both drivers read these columns alike.
 */
export type AppendedEvent = {
  eventId: string;
  seq: number;
  channel: string;
  type: string;
  payload: unknown;
  createdAt: Date;
  /**
   * Whether an event that closes connections (END_CONNECTIONS, a barrier)
   * waited unpublished when this one was written: then it must not overtake
   * it, and the publisher reads the outbox in order instead.
   */
  afterBarrier: boolean;
};

/** The event's data as the catalogue has it, refused when too big to send. */
export function checkedPayload<T extends EventType>(type: T, data: EventData<T>) {
  const payload = eventCatalogue[type].parse(data);
  const size = Buffer.byteLength(JSON.stringify(payload));
  if (size > MAX_EVENT_BYTES) {
    // Large things travel by id; an event this big is a bug in its producer.
    throw new AppError("BAD_REQUEST", `Event ${type} is ${size} bytes; the limit is ${MAX_EVENT_BYTES}.`);
  }
  return payload;
}

/**
 * One statement that numbers an event and writes it: the upsert takes the
 * channel's row lock (held until commit, so a channel's events commit in
 * the order of their numbers) and the insert uses the number it returns.
 *
 * `inbox` (a person's channel) puts the inbox state into the payload: the
 * unread counter and the broadcast watermark it includes, both from the
 * channel row the upsert returns in its newest version (see the
 * inbox_unread triggers and copyBroadcasts). `unreadChange` is what the
 * same statement's own inbox writes add: its triggers move the counter only
 * once the statement is done.
 */
export function appendEventSql<T extends EventType>(
  channel: string,
  type: T,
  data: EventData<T>,
  options: { inbox?: boolean; unreadChange?: number } = {},
): Prisma.Sql {
  // It returns the event whole for the publisher (appendedColumns).
  return Prisma.sql`
    WITH s AS (
      INSERT INTO "ChannelSequence" ("channel", "lastSeq") VALUES (${channel}, 1)
      ON CONFLICT ("channel") DO UPDATE SET "lastSeq" = "ChannelSequence"."lastSeq" + 1
      RETURNING "channel", "lastSeq", "unread", "broadcastSeq")
    INSERT INTO "OutboxEvent" ("channel", "seq", "type", "payload", "createdAt")
    SELECT s."channel", s."lastSeq", ${type}, ${eventJson(type, data)}::jsonb${inboxState(options)}, now() AT TIME ZONE 'UTC'
    FROM s
    RETURNING ${appendedColumns},
      ("payload"->>'unreadCount')::int AS "unreadCount",
      ("payload"->>'broadcastSeq')::int AS "broadcastSeq"`;
}

/**
 * One event per row of a set that the same statement reads first, each on
 * its own channel (notify()'s decisions, made in SQL for several
 * notifications at once, write their events or not). The gate's CTEs end
 * with `from`: a row per event to write, whose columns name its channel and
 * give its payload (each checked with checkedPayload by the caller). Channels
 * are locked in name order, as appendEventToMany does; a channel may appear
 * once. Other writes of the same statement (`also`: the rows the events
 * announce, audit entries) are data-modifying CTEs that commit with the
 * events or not at all. `select` is what the statement answers; `e` holds
 * the events written, as appendEventSql returns them.
 */
export function appendEventPerRowSql(
  gate: EventGate,
  type: EventType,
  options: { inbox?: boolean; unreadChange?: number; also?: Prisma.Sql[] } = {},
): Prisma.Sql {
  const from = Prisma.raw(gate.from);
  const also = (options.also ?? []).map((sql, i) => Prisma.sql`, ${Prisma.raw(`w${i}`)} AS (${sql})`);
  return Prisma.sql`
    WITH ${gate.ctes},
    s AS (
      INSERT INTO "ChannelSequence" ("channel", "lastSeq")
        SELECT ${gate.channel}, 1 FROM ${from} ORDER BY 1
      ON CONFLICT ("channel") DO UPDATE SET "lastSeq" = "ChannelSequence"."lastSeq" + 1
      RETURNING "channel", "lastSeq", "unread", "broadcastSeq")
      ${also.length ? Prisma.join(also, "") : Prisma.empty},
    e AS (
      INSERT INTO "OutboxEvent" ("channel", "seq", "type", "payload", "createdAt")
      SELECT s."channel", s."lastSeq", ${type}, ${gate.payload}${inboxState(options)}, now() AT TIME ZONE 'UTC'
      FROM s JOIN ${from} ON s."channel" = ${gate.channel}
      RETURNING ${appendedColumns},
        ("payload"->>'unreadCount')::int AS "unreadCount",
        ("payload"->>'broadcastSeq')::int AS "broadcastSeq")
    ${gate.select}`;
}

/** The inbox state added to an event's payload, from the channel row `s` (appendEventSql). */
function inboxState(options: { inbox?: boolean; unreadChange?: number }): Prisma.Sql {
  return options.inbox
    ? Prisma.sql` || jsonb_build_object('unreadCount', s."unread" + ${options.unreadChange ?? 0}::int, 'broadcastSeq', s."broadcastSeq")`
    : Prisma.empty;
}

/** An event's data as the JSON it is stored as: checked against the catalogue and the size limit. */
function eventJson<T extends EventType>(type: T, data: EventData<T>): string {
  return JSON.stringify(checkedPayload(type, data));
}

/**
 * One event on each of several channels, numbered and written by one
 * statement after `ctes`, whose CTE `from` holds one row when the events
 * should be written and none otherwise (an insert that found its row taken).
 * Channels are locked in name order, as appendEventToMany does. `payload`
 * may rewrite each event's JSON (`x.payload`, of type `x.type`) from what
 * `ctes` read. The statement answers the events written.
 */
export function appendEventsAfterSql(
  prior: { ctes: Prisma.Sql; from: string; payload?: Prisma.Sql },
  events: readonly { channel: string; type: EventType; data: unknown }[],
): Prisma.Sql {
  const sorted = [...events].sort((a, b) => (a.channel < b.channel ? -1 : 1));
  if (new Set(sorted.map((e) => e.channel)).size !== sorted.length) throw new Error("appendEventsAfterSql: one event per channel");
  const payloads = sorted.map((e) => eventJson(e.type, e.data as EventData<typeof e.type>));
  const from = Prisma.raw(prior.from);
  return Prisma.sql`
    WITH ${prior.ctes},
    x AS (SELECT * FROM unnest(${sorted.map((e) => e.channel)}::text[], ${sorted.map((e) => e.type)}::text[], ${payloads}::jsonb[])
      WITH ORDINALITY AS t(channel, type, payload, n)),
    s AS (
      INSERT INTO "ChannelSequence" ("channel", "lastSeq")
        SELECT x.channel, 1 FROM x, ${from} ORDER BY x.n
      ON CONFLICT ("channel") DO UPDATE SET "lastSeq" = "ChannelSequence"."lastSeq" + 1
      RETURNING "channel", "lastSeq")
    INSERT INTO "OutboxEvent" ("channel", "seq", "type", "payload", "createdAt")
    SELECT s."channel", s."lastSeq", x.type, ${prior.payload ?? Prisma.sql`x.payload`}, now() AT TIME ZONE 'UTC'
    FROM s JOIN x ON x.channel = s.channel, ${from}
    RETURNING ${appendedColumns}`;
}

/**
 * Statement parts that decide, in the same statement, which events are
 * written (appendEventPerRowSql): `ctes` read what the decision needs and
 * end with `from`, holding one row per event to write. `channel` and
 * `payload` are expressions on its columns; `select` is what the statement
 * answers (`e` holds the events written).
 */
export type EventGate = {
  ctes: Prisma.Sql;
  from: string;
  channel: Prisma.Sql;
  payload: Prisma.Sql;
  select: Prisma.Sql;
};

/**
 * What an insert into the outbox returns for the publisher (AppendedEvent),
 * with whether a 'connections.end' (END_CONNECTIONS) event waits
 * unpublished: a lookup in a partial index holding only those.
 */
const appendedColumns = Prisma.sql`"seq"::int AS seq, id::text AS "eventId", channel, type, payload,
  "createdAt" AT TIME ZONE 'UTC' AS "createdAt",
  EXISTS (SELECT 1 FROM "OutboxEvent" WHERE "publishedAt" IS NULL AND type = 'connections.end') AS "afterBarrier"`;

/** The channel's next event number; holds the channel's lock until commit. */
export async function nextSeq(tx: Tx, channel: string): Promise<bigint> {
  // The upsert locks the channel's row until commit: writers of one channel
  // queue here, so their events commit in the order of their numbers and the
  // publisher can never see number n+1 before n.
  const [row] = await tx.$queryRaw<[{ lastSeq: bigint }]>`
    INSERT INTO "ChannelSequence" ("channel", "lastSeq") VALUES (${channel}, 1)
    ON CONFLICT ("channel") DO UPDATE SET "lastSeq" = "ChannelSequence"."lastSeq" + 1
    RETURNING "lastSeq"`;
  return row.lastSeq;
}

/**
 * Takes the channel's lock before a change whose rows must be ordered with
 * the channel's events (e.g. "mark all read" must not pass over a
 * notification whose event is numbered before it). One statement: the no-op
 * update locks the row, inserting it first if the channel is new.
 */
export async function lockChannel(tx: Tx, channel: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "ChannelSequence" ("channel", "lastSeq") VALUES (${channel}, 0)
    ON CONFLICT ("channel") DO UPDATE SET "lastSeq" = "ChannelSequence"."lastSeq"`;
}

/**
 * Takes several channels' locks in one statement, in name order: for a
 * change whose steps each lock some of them (a message's notifications, then
 * its chat activity), so that it holds none while waiting for an earlier
 * one. Steps in turn would each go in order, but together not: two such
 * changes could then wait for each other.
 */
export async function lockChannels(tx: Tx, names: readonly string[]): Promise<void> {
  const sorted = [...new Set(names)].sort();
  if (sorted.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "ChannelSequence" ("channel", "lastSeq")
      SELECT c, 0 FROM unnest(${sorted}::text[]) WITH ORDINALITY AS t(c, n) ORDER BY n
    ON CONFLICT ("channel") DO UPDATE SET "lastSeq" = "ChannelSequence"."lastSeq"`;
}

/**
 * Runs `work` in one transaction and wakes this process's publisher after
 * commit. Services use this for every change that emits events.
 */
export async function transactionWithEvents<R>(
  db: Db,
  work: (tx: Tx) => Promise<R>,
  options?: { timeoutMs?: number },
): Promise<R> {
  const committed: (() => void)[] = [];
  const written: WrittenEvents = { events: [] };
  const result = await db.$transaction(
    (tx) => {
      afterCommitWork.set(tx, committed);
      committedEvents.set(tx, written);
      return work(tx);
    },
    options?.timeoutMs ? { timeout: options.timeoutMs } : undefined,
  );
  // Not all known (null): the publisher reads the outbox, as for any wake-up.
  kickPublisher(written.events ?? undefined);
  for (const fn of committed) fn();
  return result;
}

const afterCommitWork = new WeakMap<Tx, (() => void)[]>();
/**
 * The events a transaction of transactionWithEvents wrote, handed to the
 * publisher once it commits; null once it wrote one that is not listed
 * (wroteUnlistedEvent): handing over only some would leave the rest waiting
 * for the publisher's next poll.
 */
type WrittenEvents = { events: AppendedEvent[] | null };
const committedEvents = new WeakMap<Tx, WrittenEvents>();

/** Every writer of OutboxEvent rows other than appendEvent and appendEventToMany calls this: after commit the publisher reads them. */
export function wroteUnlistedEvent(tx: Tx): void {
  const written = committedEvents.get(tx);
  if (written) written.events = null;
}

/**
 * Runs `fn` after the transaction of `tx` commits, never when it rolls back;
 * for side effects outside the database (Web Push). Only transactions opened
 * by transactionWithEvents have this; elsewhere it returns false.
 */
export function afterCommit(tx: Tx, fn: () => void): boolean {
  const list = afterCommitWork.get(tx);
  if (!list) return false;
  list.push(fn);
  return true;
}

/** The newest event number of a channel (0 when it has none yet). */
export async function channelHead(db: Db | Tx, channel: string): Promise<number> {
  const row = await db.channelSequence.findUnique({ where: { channel } });
  return row ? Number(row.lastSeq) : 0;
}

/**
 * Appends the same event to several channels in one statement (a message's
 * "chat.activity" to each reader's own channel): each channel gets its next
 * number, under its row lock until commit, as appendEvent does. Channels are
 * locked in name order, so two such writers never wait on each other in a cycle.
 */
export async function appendEventToMany<T extends EventType>(
  tx: Tx,
  channelNames: readonly string[],
  type: T,
  data: EventData<T>,
): Promise<void> {
  const names = [...new Set(channelNames)].sort();
  if (names.length === 0) return;
  const payload = eventJson(type, data);
  const rows = await tx.$queryRaw<AppendedEvent[]>`
    WITH s AS (
      INSERT INTO "ChannelSequence" ("channel", "lastSeq")
        SELECT c, 1 FROM unnest(${names}::text[]) WITH ORDINALITY AS t(c, n) ORDER BY n
      ON CONFLICT ("channel") DO UPDATE SET "lastSeq" = "ChannelSequence"."lastSeq" + 1
      RETURNING "channel", "lastSeq")
    INSERT INTO "OutboxEvent" ("channel", "seq", "type", "payload", "createdAt")
    SELECT s."channel", s."lastSeq", ${type}, ${payload}::jsonb, now() AT TIME ZONE 'UTC' FROM s
    RETURNING ${appendedColumns}`;
  // Handed over with the transaction's other events, as appendEvent's are.
  committedEvents.get(tx)?.events?.push(...rows);
}
