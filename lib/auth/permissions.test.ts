import { describe, expect, it } from 'vitest'
import { atLeast, can, isRole, permissionRoles, roles, type Permission } from './permissions'

describe('roles', () => {
  it('are ordered viewer < responder < commander < admin', () => {
    for (const [i, role] of roles.entries()) {
      for (const [j, other] of roles.entries()) expect(atLeast(role, other)).toBe(i >= j)
    }
  })

  it('grant each permission to its least role and everyone above, and nobody below', () => {
    for (const permission of Object.keys(permissionRoles) as Permission[]) {
      const least = roles.indexOf(permissionRoles[permission])
      roles.forEach((role, i) => expect(can(role, permission), `${role} ${permission}`).toBe(i >= least))
    }
  })

  it('keep viewers read-only and admin pages for admins', () => {
    expect(can('VIEWER', 'console:read')).toBe(true)
    expect(can('VIEWER', 'incident:write')).toBe(false)
    expect(can('COMMANDER', 'admin:users')).toBe(false)
    expect(can('ADMIN', 'admin:users')).toBe(true)
  })

  it('recognise only real roles', () => {
    expect(isRole('ADMIN')).toBe(true)
    expect(isRole('admin')).toBe(false)
    expect(isRole(undefined)).toBe(false)
  })
})
