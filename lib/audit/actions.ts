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
] as const

export type AuditAction = (typeof auditActions)[number]
