-- The badge's number kept in the person's channel row instead of counted.
--
-- Every inbox event carries the unread count it leaves. Counting it (a COUNT
-- over the person's unread entries) had to happen under the channel's row
-- lock and grew with the backlog. The count now lives in the channel's
-- ChannelSequence row, and the upsert that numbers an event returns it.
--
-- Triggers keep it, so no code path can forget: whatever inserts, updates or
-- deletes notifications (notify, grouping, mark read, snooze and wake,
-- broadcast copies, cascades) moves the counter in the same transaction. The
-- trigger's upsert also takes the channel's row lock, which orders counter
-- changes exactly as the events are ordered. A counted entry is what the
-- inbox lists and the badge counts (src/server/notifications/unread.ts):
-- unread, not a group's single item, not snoozed.
--
-- Statement-level triggers with transition tables: a bulk change (mark all
-- read, a thousand broadcast copies) is one counter update per person, not
-- per row. Rows are applied in recipient order, so two bulk statements lock
-- channel rows in the same order.
--
-- The function bodies are E'' strings with every semicolon written as \073:
-- Prisma's migrate deploy (through adapter-pg) splits a script at each
-- semicolon, dollar quotes and comments included.
ALTER TABLE "ChannelSequence" ADD COLUMN "unread" INTEGER NOT NULL DEFAULT 0;

INSERT INTO "ChannelSequence" ("channel", "lastSeq", "unread")
SELECT 'private-user.' || "recipientId", 0, count(*)::int
FROM "Notification"
WHERE "readAt" IS NULL AND "parentId" IS NULL AND "snoozedUntil" IS NULL
GROUP BY "recipientId"
ON CONFLICT ("channel") DO UPDATE SET "unread" = EXCLUDED."unread";

CREATE FUNCTION "inbox_unread_after_insert"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "ChannelSequence" ("channel", "lastSeq", "unread")
  SELECT \'private-user.\' || "recipientId", 0, count(*)::int
  FROM new_rows
  WHERE "readAt" IS NULL AND "parentId" IS NULL AND "snoozedUntil" IS NULL
  GROUP BY "recipientId"
  ORDER BY "recipientId"
  ON CONFLICT ("channel") DO UPDATE SET "unread" = "ChannelSequence"."unread" + EXCLUDED."unread"\073
  RETURN NULL\073
END';

CREATE FUNCTION "inbox_unread_after_update"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "ChannelSequence" ("channel", "lastSeq", "unread")
  SELECT \'private-user.\' || r, 0, sum(d)::int
  FROM (
    SELECT "recipientId" AS r, 1 AS d FROM new_rows
    WHERE "readAt" IS NULL AND "parentId" IS NULL AND "snoozedUntil" IS NULL
    UNION ALL
    SELECT "recipientId", -1 FROM old_rows
    WHERE "readAt" IS NULL AND "parentId" IS NULL AND "snoozedUntil" IS NULL
  ) AS changes
  GROUP BY r
  HAVING sum(d) <> 0
  ORDER BY r
  ON CONFLICT ("channel") DO UPDATE SET "unread" = "ChannelSequence"."unread" + EXCLUDED."unread"\073
  RETURN NULL\073
END';

CREATE FUNCTION "inbox_unread_after_delete"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  UPDATE "ChannelSequence" c SET "unread" = c."unread" - gone.n
  FROM (
    SELECT \'private-user.\' || "recipientId" AS channel, count(*)::int AS n
    FROM old_rows
    WHERE "readAt" IS NULL AND "parentId" IS NULL AND "snoozedUntil" IS NULL
    GROUP BY "recipientId"
  ) AS gone
  WHERE c."channel" = gone.channel\073
  RETURN NULL\073
END';

CREATE TRIGGER "Notification_unread_insert" AFTER INSERT ON "Notification"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "inbox_unread_after_insert"();

CREATE TRIGGER "Notification_unread_update" AFTER UPDATE ON "Notification"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "inbox_unread_after_update"();

CREATE TRIGGER "Notification_unread_delete" AFTER DELETE ON "Notification"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "inbox_unread_after_delete"();
