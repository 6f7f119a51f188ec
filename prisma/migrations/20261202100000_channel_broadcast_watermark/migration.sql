-- The broadcast watermark beside the unread counter, in the person's channel row.
--
-- Every inbox event carries two numbers that must agree: the unread count and
-- the broadcast watermark (how far broadcasts have been copied into the
-- inbox) that count includes. Both now come from the one channel row the
-- event's upsert locks and returns, so a notification and its event can be
-- written in one autocommit statement: that statement's snapshot may predate
-- a copy of broadcasts that committed while it waited for the lock, but the
-- upsert returns the newest version of the row, counter and watermark alike.
-- copyBroadcasts moves this column together with "User"."broadcastSeq",
-- under the channel's lock.
ALTER TABLE "ChannelSequence" ADD COLUMN "broadcastSeq" INTEGER NOT NULL DEFAULT 0;

UPDATE "ChannelSequence" c SET "broadcastSeq" = u."broadcastSeq"
FROM "User" u
WHERE c."channel" = 'private-user.' || u.id AND u."broadcastSeq" <> 0;
