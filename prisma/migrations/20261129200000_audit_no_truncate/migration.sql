-- Audit events survive their own database: TRUNCATE (which skips row triggers) is
-- refused too, by a statement trigger. Only a table owner or superuser can disable
-- it, and the app connects as a role that owns nothing (see README, deployment).
-- The function body is an E'' string that writes each semicolon as \073, because the
-- migration runner splits a script at every semicolon character.
CREATE OR REPLACE FUNCTION audit_event_no_truncate() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''audit events are append-only: the audit table cannot be truncated''\073
END'
;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON "AuditEvent"
;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate()
;
