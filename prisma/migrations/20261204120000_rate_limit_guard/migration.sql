-- A rate limit checked inside the statement of the action it limits
-- (src/server/sliding-window-limit.ts): past the limit the call raises
-- SQLSTATE 'RL429', so the whole statement, the action's count included,
-- is undone and nothing is written. (The body is an E'' string with \073
-- for its semicolons: the migration runner splits scripts at semicolons,
-- as in 20261203130000_reactions.)
CREATE FUNCTION "rate_limit_within"(total bigint, max_total bigint) RETURNS boolean LANGUAGE plpgsql VOLATILE AS E'BEGIN
  IF total > max_total THEN
    RAISE EXCEPTION ''rate limit reached: % of %'', total, max_total USING ERRCODE = ''RL429''\073
  END IF\073
  RETURN true\073
END';
