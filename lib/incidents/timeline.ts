// The closed list of timeline entry kinds. Client-safe. The database stores the kind
// as text; only these values are ever written.

export const timelineKinds = [
  'declared',
  'acknowledged',
  'severity_changed',
  'status_changed',
  'role_assigned',
  'service_added',
  'service_removed',
  'note',
  'update_posted',
  'update_failed',
  'reopened',
  'resolved',
  // Reserved for the runbook, diagnostics and remediation features.
  'runbook_step',
  'diagnostic',
  'remediation',
  // Written by lib/alerts: an alert attached to the incident, and one that resolved.
  'alert',
  'alert_resolved',
] as const
export type TimelineKind = (typeof timelineKinds)[number]

export const timelineKindLabels: Record<TimelineKind, string> = {
  declared: 'Declared',
  acknowledged: 'Acknowledged',
  severity_changed: 'Severity changed',
  status_changed: 'Status changed',
  role_assigned: 'Role assigned',
  service_added: 'Service added',
  service_removed: 'Service removed',
  note: 'Note',
  update_posted: 'Status update',
  update_failed: 'Update not delivered',
  reopened: 'Reopened',
  resolved: 'Resolved',
  runbook_step: 'Runbook step',
  diagnostic: 'Diagnostic',
  remediation: 'Remediation',
  alert: 'Alert',
  alert_resolved: 'Alert resolved',
}

/**
 * Entries that show the incident is moving. An open incident with none of these for
 * an hour prompts escalation. Role and service edits and failed deliveries do not count.
 */
export const progressKinds = [
  'declared',
  'acknowledged',
  'severity_changed',
  'status_changed',
  'note',
  'update_posted',
  'reopened',
  'resolved',
  'runbook_step',
  'diagnostic',
  'remediation',
] as const satisfies readonly TimelineKind[]

export function isProgress(kind: TimelineKind) {
  return (progressKinds as readonly TimelineKind[]).includes(kind)
}

/** The incident roles, as the timeline and the forms name them. */
export const incidentRoles = ['commander', 'comms_lead', 'ops_lead'] as const
export type IncidentRole = (typeof incidentRoles)[number]

export const incidentRoleLabels: Record<IncidentRole, string> = {
  commander: 'incident commander',
  comms_lead: 'communications lead',
  ops_lead: 'operations lead',
}
