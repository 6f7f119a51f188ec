-- Reactions (issue 18): one person's emoji on a room message, a post or a
-- comment, keyed generically by (subject kind, subject id). A new kind is one
-- more enum value (ALTER TYPE ... ADD VALUE) and one more trigger below.
--
-- Bodies are E'' strings with semicolons written as \073 (Prisma's migrate
-- deploy splits a script at every semicolon, see 20261202020000).
CREATE TYPE "ReactionSubject" AS ENUM ('ROOM_MESSAGE', 'POST', 'COMMENT');

CREATE TABLE "Reaction" (
    "subjectKind" "ReactionSubject" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "emoji" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reaction_pkey" PRIMARY KEY ("subjectKind","subjectId","userId","emoji"),
    -- The fixed set of src/lib/reactions/reactions.ts (zod refuses others first).
    CONSTRAINT "Reaction_emoji_check" CHECK ("emoji" IN ('👍', '❤️', '😂', '🎉', '😮', '😢'))
);

CREATE INDEX "Reaction_subjectKind_subjectId_emoji_createdAt_idx" ON "Reaction"("subjectKind", "subjectId", "emoji", "createdAt");

CREATE INDEX "Reaction_userId_idx" ON "Reaction"("userId");

ALTER TABLE "Reaction" ADD CONSTRAINT "Reaction_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- No foreign key can point at "one of three tables": a subject's reactions go
-- with it through these statement-level triggers (they also fire for rows
-- deleted by a cascade: a room's messages, a post's comments).
CREATE FUNCTION "reactions_of_deleted_subjects"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  DELETE FROM "Reaction"
  WHERE "subjectKind" = TG_ARGV[0]::"ReactionSubject" AND "subjectId" IN (SELECT "id" FROM old_rows)\073
  RETURN NULL\073
END';

CREATE TRIGGER "Message_reactions_delete" AFTER DELETE ON "Message"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "reactions_of_deleted_subjects"('ROOM_MESSAGE');

CREATE TRIGGER "Post_reactions_delete" AFTER DELETE ON "Post"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "reactions_of_deleted_subjects"('POST');

CREATE TRIGGER "Comment_reactions_delete" AFTER DELETE ON "Comment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "reactions_of_deleted_subjects"('COMMENT');
