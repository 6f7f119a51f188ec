-- Archived notifications (issue 17): out of the inbox and the badge, listed
-- in the Archive view. A counted entry is now unread, not a group's single
-- item, not snoozed and not archived (src/server/notifications/unread.ts
-- says the same), so the three inbox_unread trigger functions are replaced
-- with that predicate and every person's counter is recomputed from the rows.
--
-- Bodies are E'' strings with semicolons written as \073 (Prisma's migrate
-- deploy splits a script at every semicolon, see 20261202020000).
ALTER TABLE "Notification" ADD COLUMN "archivedAt" TIMESTAMP(3);

CREATE OR REPLACE FUNCTION "inbox_unread_after_insert"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "ChannelSequence" ("channel", "lastSeq", "unread")
  SELECT \'private-user.\' || "recipientId", 0, count(*)::int
  FROM new_rows
  WHERE "readAt" IS NULL AND "parentId" IS NULL AND "snoozedUntil" IS NULL AND "archivedAt" IS NULL
  GROUP BY "recipientId"
  ORDER BY "recipientId"
  ON CONFLICT ("channel") DO UPDATE SET "unread" = "ChannelSequence"."unread" + EXCLUDED."unread"\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION "inbox_unread_after_update"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "ChannelSequence" ("channel", "lastSeq", "unread")
  SELECT \'private-user.\' || r, 0, sum(d)::int
  FROM (
    SELECT "recipientId" AS r, 1 AS d FROM new_rows
    WHERE "readAt" IS NULL AND "parentId" IS NULL AND "snoozedUntil" IS NULL AND "archivedAt" IS NULL
    UNION ALL
    SELECT "recipientId", -1 FROM old_rows
    WHERE "readAt" IS NULL AND "parentId" IS NULL AND "snoozedUntil" IS NULL AND "archivedAt" IS NULL
  ) AS changes
  GROUP BY r
  HAVING sum(d) <> 0
  ORDER BY r
  ON CONFLICT ("channel") DO UPDATE SET "unread" = "ChannelSequence"."unread" + EXCLUDED."unread"\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION "inbox_unread_after_delete"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  UPDATE "ChannelSequence" c SET "unread" = c."unread" - gone.n
  FROM (
    SELECT \'private-user.\' || "recipientId" AS channel, count(*)::int AS n
    FROM old_rows
    WHERE "readAt" IS NULL AND "parentId" IS NULL AND "snoozedUntil" IS NULL AND "archivedAt" IS NULL
    GROUP BY "recipientId"
  ) AS gone
  WHERE c."channel" = gone.channel\073
  RETURN NULL\073
END';

-- Recounted from the rows (nothing is archived yet, but the counter is
-- rebuilt from the one predicate rather than trusted across the change).
UPDATE "ChannelSequence" c SET "unread" = coalesce((
  SELECT count(*)::int FROM "Notification" n
  WHERE 'private-user.' || n."recipientId" = c."channel"
    AND n."readAt" IS NULL AND n."parentId" IS NULL AND n."snoozedUntil" IS NULL AND n."archivedAt" IS NULL
), 0)
WHERE c."channel" LIKE 'private-user.%';
