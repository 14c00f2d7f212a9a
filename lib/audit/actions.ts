// The closed list of audited actions, named domain.resource.verb.
export const auditActions = [
  'auth.session.sign_in',
  'auth.session.sign_in_failed',
  'admin.user.create',
  'admin.user.role_change',
  'admin.user.disable',
  'admin.user.enable',
  'admin.user.bootstrap',
  'admin.user.sso_join',
  'admin.service.create',
  'admin.service.update',
  'admin.service.delete',
  'admin.service.import',
  'gameday.scenario.inject',
  'gameday.scenario.clear',
  'incident.severity.change',
  'incident.role.assign',
  'incident.status.resolve',
  'incident.status.reopen',
  'admin.severity_policy.update',
  'admin.status_webhooks.update',
] as const

export type AuditAction = (typeof auditActions)[number]
