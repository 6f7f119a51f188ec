import { db } from "@/server/db";

/**
 * Each table's row count and newest row version (xmin): any insert, update or
 * delete changes it. Tables in `ignore` change on purpose during a call that
 * is refused (a token's last use, rate-limit counters).
 */
export async function dbFingerprint(ignore: string[] = []): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<{ schema: string; name: string }[]>`
    SELECT schemaname AS schema, tablename AS name FROM pg_tables
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`;
  const counted = tables.filter((t) => !ignore.includes(t.name));
  const rows = await db.$queryRawUnsafe<{ name: string; value: string }[]>(
    counted
      .map(
        (t) =>
          `SELECT '${t.schema}.${t.name}' AS name, count(*) || '/' || coalesce(max(xmin::text::bigint), 0) AS value FROM "${t.schema}"."${t.name}"`,
      )
      .join(" UNION ALL "),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
}

/**
 * The fingerprint once no write is still landing: some services finish work
 * after they answer (a snooze queues its wake-up job without waiting), and an
 * earlier call's late write must not count against the calls that follow.
 */
export async function settledFingerprint(ignore: string[] = []): Promise<Record<string, string>> {
  let last = await dbFingerprint(ignore);
  for (let tries = 0; tries < 50; tries++) {
    await new Promise((r) => setTimeout(r, 20));
    const next = await dbFingerprint(ignore);
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  return last;
}
