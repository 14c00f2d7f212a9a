// Roles and what each may do. Client-safe: the UI uses it to hide controls, the
// server uses it to refuse; only the server's answer counts.
export const roles = ['VIEWER', 'RESPONDER', 'COMMANDER', 'ADMIN'] as const
export type Role = (typeof roles)[number]

const rank: Record<Role, number> = { VIEWER: 0, RESPONDER: 1, COMMANDER: 2, ADMIN: 3 }

export const roleLabels: Record<Role, string> = {
  VIEWER: 'Viewer',
  RESPONDER: 'Responder',
  COMMANDER: 'Incident commander',
  ADMIN: 'Admin',
}

/** The least role each permission needs. */
export const permissionRoles = {
  'console:read': 'VIEWER',
  'incident:write': 'RESPONDER',
  /** Severity and roles of any incident; an incident's own commander may also change them. */
  'incident:command': 'COMMANDER',
  'remediation:request': 'RESPONDER',
  'remediation:approve': 'COMMANDER',
  'audit:read': 'COMMANDER',
  'admin:users': 'ADMIN',
  'admin:catalog': 'ADMIN',
  'admin:policy': 'ADMIN',
  'admin:gameday': 'ADMIN',
} as const satisfies Record<string, Role>

export type Permission = keyof typeof permissionRoles

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value)
}

export function atLeast(role: Role, least: Role) {
  return rank[role] >= rank[least]
}

export function can(role: Role, permission: Permission) {
  return atLeast(role, permissionRoles[permission])
}
