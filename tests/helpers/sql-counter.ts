// Counts the SQL statements the code under test sends, as PostgreSQL would see
// them: every statement passes through pg's Client#query (Prisma's adapter,
// the rate limiter and plain `pg` alike), so wrapping it once sees them all.
// A statement budget is deterministic where a timer is not.
import pg from "pg";

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

export type SqlLog = { statements: string[]; inTransaction: string[] };

/** Records the statements sent while `work` runs (from this process only). */
export async function countSql<T>(work: () => Promise<T>): Promise<{ result: T; log: SqlLog }> {
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  const statements: string[] = [];
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "");
    statements.push(text.replace(/\s+/g, " ").trim());
    return original.apply(this, args);
  };
  try {
    const result = await work();
    return { result, log: { statements, inTransaction: insideTransactions(statements) } };
  } finally {
    proto.query = original;
  }
}

/** The statements between each BEGIN and its COMMIT/ROLLBACK, those two excluded. */
function insideTransactions(statements: string[]): string[] {
  const inside: string[] = [];
  let open = false;
  for (const s of statements) {
    const word = s.split(" ")[0]!.toUpperCase();
    if (word === "BEGIN") open = true;
    else if (word === "COMMIT" || word === "ROLLBACK") open = false;
    else if (open) inside.push(s);
  }
  return inside;
}
