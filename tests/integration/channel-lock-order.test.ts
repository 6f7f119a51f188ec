// Changes that lock several channels (each event numbers itself under its
// channel's row lock until commit) take them in one order: the room's or
// conversation's first, then people's own channels in id order. Two changes
// sharing channels then wait for each other instead of deadlocking (which
// PostgreSQL would break by aborting one of them: a 500 for a person who
// sent a message or opened a room).
//
// Each test holds one channel's lock from a second connection, lets the
// change run until it waits for that lock, then asks for another channel the
// change also locks. Taken in the wrong order, PostgreSQL reports a deadlock.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { mentionToken } from "@/lib/mentions/mention-tokens";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { addToRoom } from "../helpers/invitations";
import { createUser } from "../helpers/users";

/** A connection that locks channels the way appendEvent does, in one transaction. */
async function lockHolder() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query("BEGIN");
  return {
    lock: (channel: string) =>
      client.query(
        `INSERT INTO "ChannelSequence" ("channel", "lastSeq") VALUES ($1, 0)
         ON CONFLICT ("channel") DO UPDATE SET "lastSeq" = "ChannelSequence"."lastSeq"`,
        [channel],
      ),
    /** Until another session of this database waits for a row lock. */
    someoneWaits: async () => {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
      );
      return rows[0]!.n > 0;
    },
    release: async () => {
      await client.query("COMMIT").catch(() => undefined);
      await client.end();
    },
  };
}

type User = Awaited<ReturnType<typeof createUser>>;
const byId = (a: User, b: User) => (a.id < b.id ? [a, b] : [b, a]) as [User, User];

describe("the order channels are locked in", () => {
  it("a room message that mentions one reader and tells another: people's channels in one pass, in id order", async () => {
    const [owner, x, y] = await Promise.all([createUser({ name: "Owner" }), createUser(), createUser()]);
    const [first, second] = byId(x, y);
    const room = await callerFor(owner).rooms.create({ name: "Lobby", visibility: "PUBLIC" });
    const { message } = await callerFor(owner).rooms.send({ roomId: room.id, body: "hello" });
    // Both have read the room: its new messages move their rooms lists (chat.activity).
    for (const person of [first, second]) await callerFor(person).conversations.markRead({ kind: "room", id: room.id, messageId: message.id });

    const holder = await lockHolder();
    try {
      await holder.lock(channels.user(first.id));
      // Mentions `second` (a notification on their channel) and tells both.
      const sending = callerFor(owner).rooms.send({ roomId: room.id, body: `Hey ${mentionToken(second)}` });
      sending.catch(() => undefined); // asserted below; a deadlock may reject it before then
      await expect.poll(holder.someoneWaits).toBe(true);
      // The message waits for `first`; it must not hold `second` meanwhile.
      await holder.lock(channels.user(second.id));
      await holder.release();
      await expect(sending).resolves.toMatchObject({ message: { body: `Hey ${mentionToken(second)}` } });
    } finally {
      await holder.release();
    }
  });

  it("reading a small private room: the room's channel before the reader's own, as a message takes them", async () => {
    const [owner, reader] = await Promise.all([createUser({ name: "Owner" }), createUser({ name: "Reader" })]);
    const room = await callerFor(owner).rooms.create({ name: "Pair", visibility: "PRIVATE" });
    await addToRoom(owner, room.id, reader);
    const { message } = await callerFor(owner).rooms.send({ roomId: room.id, body: "read me" });

    const holder = await lockHolder();
    try {
      await holder.lock(channels.room(room.id));
      // Read receipts are on (a small private room): the read goes to the room's channel and the reader's.
      const reading = callerFor(reader).conversations.markRead({ kind: "room", id: room.id, messageId: message.id });
      reading.catch(() => undefined);
      await expect.poll(holder.someoneWaits).toBe(true);
      await holder.lock(channels.user(reader.id));
      await holder.release();
      await expect(reading).resolves.toEqual({ moved: true });
    } finally {
      await holder.release();
    }
  });
});
