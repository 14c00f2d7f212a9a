-- Live push: each write that a viewer should see at once sends a small NOTIFY on the
-- channel incident_command_live (kind + id + version or cursor). Postgres delivers a
-- notification only when its transaction commits, so a rolled-back write tells nobody,
-- and the triggers see every writer (actions, the remediation worker, alert ingestion,
-- the shared health cache) without each having to remember. lib/live/queries.ts holds the
-- one LISTEN connection per instance. Function bodies are E'' strings that write each
-- semicolon as \073, because the migration runner splits a script at every semicolon.
CREATE OR REPLACE FUNCTION live_notify_timeline() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''incident_command_live'', json_build_object(''k'', ''timeline'', ''i'', NEW."incidentId", ''e'', NEW.id)::text)\073
  RETURN NULL\073
END'
;
CREATE TRIGGER timeline_entry_live AFTER INSERT ON "TimelineEntry" FOR EACH ROW EXECUTE FUNCTION live_notify_timeline()
;
CREATE OR REPLACE FUNCTION live_notify_incident() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''incident_command_live'', json_build_object(''k'', ''incident'', ''i'', NEW.id, ''v'', NEW.version)::text)\073
  RETURN NULL\073
END'
;
CREATE TRIGGER incident_live_insert AFTER INSERT ON "Incident" FOR EACH ROW EXECUTE FUNCTION live_notify_incident()
;
CREATE TRIGGER incident_live_update AFTER UPDATE ON "Incident" FOR EACH ROW
  WHEN (OLD.version IS DISTINCT FROM NEW.version OR OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION live_notify_incident()
;
CREATE OR REPLACE FUNCTION live_notify_remediation() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''incident_command_live'', json_build_object(''k'', ''remediation'', ''r'', NEW.id, ''i'', NEW."incidentId", ''s'', NEW.status, ''g'', NEW.stage)::text)\073
  RETURN NULL\073
END'
;
CREATE TRIGGER remediation_live_insert AFTER INSERT ON "RemediationRequest" FOR EACH ROW EXECUTE FUNCTION live_notify_remediation()
;
CREATE TRIGGER remediation_live_update AFTER UPDATE ON "RemediationRequest" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.stage IS DISTINCT FROM NEW.stage) EXECUTE FUNCTION live_notify_remediation()
;
CREATE OR REPLACE FUNCTION live_notify_alert() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''incident_command_live'', json_build_object(''k'', ''alert'', ''a'', NEW.id, ''i'', NEW."incidentId", ''v'', NEW.version, ''n'', NEW.count)::text)\073
  RETURN NULL\073
END'
;
CREATE TRIGGER alert_live_insert AFTER INSERT ON "Alert" FOR EACH ROW EXECUTE FUNCTION live_notify_alert()
;
CREATE TRIGGER alert_live_update AFTER UPDATE ON "Alert" FOR EACH ROW
  WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.version IS DISTINCT FROM NEW.version OR OLD."incidentId" IS DISTINCT FROM NEW."incidentId"
    OR OLD.count IS DISTINCT FROM NEW.count OR OLD."acknowledgedAt" IS DISTINCT FROM NEW."acknowledgedAt" OR OLD."silencedUntil" IS DISTINCT FROM NEW."silencedUntil")
  EXECUTE FUNCTION live_notify_alert()
;
CREATE OR REPLACE FUNCTION live_notify_health() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''incident_command_live'', json_build_object(''k'', ''health'', ''t'', NEW."refreshedAt")::text)\073
  RETURN NULL\073
END'
;
CREATE TRIGGER shared_cache_health_live AFTER INSERT OR UPDATE ON "SharedCache" FOR EACH ROW
  WHEN (NEW.key LIKE 'health:fleet:%' OR NEW.key LIKE 'health:service:%') EXECUTE FUNCTION live_notify_health()
;
