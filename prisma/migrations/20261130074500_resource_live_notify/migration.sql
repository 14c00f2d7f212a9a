-- Live push for the board's Resources section: the shared refresh of resource health
-- (SharedCache keys resources:health:<catalog digest>:<interval>, lib/resources/queries/health.ts)
-- notifies when it first stores a result and whenever a resource's status changes, not on
-- every refresh (viewers keep polling: their polls are what drive the refresh). Same channel
-- and escaping as 20261130013000_live_notify (each semicolon in a body is written \073).
CREATE OR REPLACE FUNCTION live_notify_resources() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''incident_command_live'', json_build_object(''k'', ''resources'', ''t'', NEW."refreshedAt")::text)\073
  RETURN NULL\073
END'
;
CREATE TRIGGER shared_cache_resources_live_insert AFTER INSERT ON "SharedCache" FOR EACH ROW
  WHEN (NEW.key LIKE 'resources:health:%') EXECUTE FUNCTION live_notify_resources()
;
CREATE TRIGGER shared_cache_resources_live_update AFTER UPDATE ON "SharedCache" FOR EACH ROW
  WHEN (NEW.key LIKE 'resources:health:%' AND (
    jsonb_path_query_array(OLD.value, '$.resources[*].status') IS DISTINCT FROM jsonb_path_query_array(NEW.value, '$.resources[*].status')
    OR jsonb_path_query_array(OLD.value, '$.resources[*].resourceId') IS DISTINCT FROM jsonb_path_query_array(NEW.value, '$.resources[*].resourceId')))
  EXECUTE FUNCTION live_notify_resources()
;
