// Where the outbox stands, so that a test can look at only the events its
// own actions wrote (tests share one database).
import { db } from "@/server/db";

/** The newest event's id (0 when there is none): events after it are the test's. */
export async function outboxMark(): Promise<bigint> {
  return (await db.outboxEvent.aggregate({ _max: { id: true } }))._max.id ?? BigInt(0);
}
