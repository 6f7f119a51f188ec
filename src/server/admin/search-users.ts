// The console's people picker: people whose name or email contains the
// query, by name. Admins only (it lists emails).
import "server-only";
import { PEOPLE_SEARCH_LIMIT } from "@/lib/validation/people";
import { db } from "../db";

export async function searchUsers({ query }: { query: string }) {
  return db.user.findMany({
    where: query
      ? { OR: [{ name: { contains: query, mode: "insensitive" } }, { email: { contains: query, mode: "insensitive" } }] }
      : {},
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: PEOPLE_SEARCH_LIMIT,
    select: { id: true, name: true, email: true, role: true },
  });
}
