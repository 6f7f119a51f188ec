// The @mention picker's search: people whose name (or a word of it) starts
// with the query, or whose whole email it is. Only ids and names leave the
// server, and an email matches only when typed whole: anyone signed in may
// search, and a prefix match would let them spell out anyone's address a
// letter at a time. Narrowed to a place, it offers only people
// who can see it, so a private room's picker never suggests outsiders.
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { MENTION_SEARCH_LIMIT, type SearchPeopleInput } from "@/lib/validation/mentions";
import type { Actor } from "../actor";
import { db } from "../db";
import { requireAccess } from "../documents/access";
import { requireRoom } from "../rooms/room-access";

/** LIKE's wildcards in a query are searched for as themselves. */
function likePrefix(query: string): string {
  return `${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchPeople(options: { actor: Actor } & SearchPeopleInput) {
  let within = Prisma.sql`true`;
  if (options.place?.kind === "room") {
    const room = await requireRoom(db, options.actor.id, options.place.id);
    if (room.visibility === "PRIVATE") {
      within = Prisma.sql`u.id IN (SELECT m."userId" FROM "RoomMember" m WHERE m."roomId" = ${room.id})`;
    }
  } else if (options.place?.kind === "document") {
    const documentId = options.place.id;
    await requireAccess(db, options.actor.id, documentId, "read");
    within = Prisma.sql`(u.id IN (SELECT m."userId" FROM "DocumentMember" m WHERE m."documentId" = ${documentId})
      OR u.id = (SELECT d."ownerId" FROM "Document" d WHERE d.id = ${documentId}))`;
  }
  const prefix = likePrefix(options.query.toLowerCase());
  return db.$queryRaw<{ id: string; name: string }[]>`
    SELECT u.id, u.name FROM "User" u
    WHERE u.id <> ${options.actor.id} AND ${within}
      AND (lower(u.name) LIKE ${prefix} OR lower(u.name) LIKE ${`% ${prefix}`} OR lower(u.email) = ${options.query.toLowerCase()})
    ORDER BY lower(u.name), u.id
    LIMIT ${MENTION_SEARCH_LIMIT}`;
}
