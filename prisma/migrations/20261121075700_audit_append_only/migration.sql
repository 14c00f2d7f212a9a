-- Audit events are append-only. The database itself refuses DELETE, and refuses
-- UPDATE except to complete a PENDING event (status, AWS request id, error, completion
-- time and completion hash), and every other column stays as written.
-- The function body is an E'' string that writes each semicolon as \073, because the
-- migration runner splits a script at every semicolon character.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''DELETE'' THEN
    RAISE EXCEPTION ''audit events are append-only: event % cannot be deleted'', OLD.id\073
  END IF\073
  IF OLD.status <> ''PENDING'' THEN
    RAISE EXCEPTION ''audit event % is complete and cannot change'', OLD.id\073
  END IF\073
  IF NEW.status NOT IN (''SUCCEEDED'', ''FAILED'')
     OR NEW.id <> OLD.id OR NEW.at <> OLD.at
     OR NEW."actorId" IS DISTINCT FROM OLD."actorId" OR NEW."actorEmail" IS DISTINCT FROM OLD."actorEmail"
     OR NEW.action <> OLD.action OR NEW."targetType" IS DISTINCT FROM OLD."targetType"
     OR NEW."targetId" IS DISTINCT FROM OLD."targetId" OR NEW."incidentId" IS DISTINCT FROM OLD."incidentId"
     OR NEW."serviceId" IS DISTINCT FROM OLD."serviceId" OR NEW.params IS DISTINCT FROM OLD.params
     OR NEW.reason IS DISTINCT FROM OLD.reason OR NEW."requestId" IS DISTINCT FROM OLD."requestId"
     OR NEW."prevHash" IS DISTINCT FROM OLD."prevHash" OR NEW.hash IS DISTINCT FROM OLD.hash THEN
    RAISE EXCEPTION ''audit event % can only be completed, not rewritten'', OLD.id\073
  END IF\073
  RETURN NEW\073
END'
;
DROP TRIGGER IF EXISTS audit_event_append_only ON "AuditEvent"
;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
;
-- One action at a time per service, across every app instance.
CREATE UNIQUE INDEX IF NOT EXISTS "RemediationRequest_one_executing_per_service"
  ON "RemediationRequest" ("serviceId") WHERE status = 'EXECUTING'
;
