-- Reactions on direct messages: one more subject kind (see 20261203130000_reactions),
-- whose reactions go with the message, as the other kinds' do.
ALTER TYPE "ReactionSubject" ADD VALUE 'CONVERSATION_MESSAGE';

CREATE TRIGGER "ConversationMessage_reactions_delete" AFTER DELETE ON "ConversationMessage"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "reactions_of_deleted_subjects"('CONVERSATION_MESSAGE');
