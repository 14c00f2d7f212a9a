// Every server action, called as every role and signed out: the role gate of each
// action refuses exactly the roles below its permission. New actions must be listed
// here (the test finds every 'use server' module in app/, lib/ and components/ and fails on
// an action it does not know).
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { SimulatorHandle } from '@/lib/simulator'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import { can, roles, type Permission, type Role } from '@/lib/auth/permissions'
import { db } from '@/lib/db/client'
import type { CurrentUser } from '@/lib/users/dto'

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }))
vi.mock('@/lib/auth/session', () => ({ getCurrentUser: async () => session.user }))
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }))

const U = '00000000-0000-4000-8000-000000000001'
let n = 0
const unique = () => `${Date.now()}-${++n}`
const serviceFields = () => ({
  name: `svc-${unique()}`,
  environment: 'DEV',
  region: 'us-east-1',
  cluster: 'matrix',
  ecsServiceName: `svc-${unique()}`,
  team: 'matrix',
  targetGroupArn: '',
  healthUrl: '',
})

/** action → [permission it needs, a valid input]. */
const table: Record<string, [Permission, () => unknown]> = {
  createUserAction: ['admin:users', () => ({ email: `m-${unique()}@example.com`, name: 'Matrix', role: 'VIEWER', password: 'a-long-password-1' })],
  changeUserRoleAction: ['admin:users', () => ({ userId: U, role: 'VIEWER' })],
  setUserDisabledAction: ['admin:users', () => ({ userId: U, disabled: true })],
  allowSsoLinkAction: ['admin:users', () => ({ userId: U, allowed: true })],
  unlockUserAction: ['admin:users', () => ({ userId: U })],
  updateSsoSettingsAction: [
    'admin:users',
    () => ({
      expectedVersion: 999,
      settings: {
        allowedDomains: [],
        requiredGroups: [],
        groupsClaim: 'groups',
        groupRoles: [],
        inviteOnly: false,
        allowUnverifiedEmail: false,
        ssoOnly: false,
        breakGlassEmail: null,
        sessionMaxAgeMinutes: 720,
      },
    }),
  ],
  startSsoLinkAction: ['console:read', () => ({ password: 'not-the-password' })],
  changePasswordAction: ['console:read', () => ({ currentPassword: 'not-the-password', newPassword: 'a-long-new-password-1' })],
  unlinkMyIdentityAction: ['console:read', () => ({ identityId: U })],
  unlinkIdentityAction: ['admin:users', () => ({ userId: U, identityId: U })],
  createServiceAction: ['admin:catalog', serviceFields],
  updateServiceAction: ['admin:catalog', () => ({ ...serviceFields(), id: U })],
  deleteServiceAction: ['admin:catalog', () => ({ id: U })],
  startDatabaseLocksAction: ['admin:gameday', () => ({ databaseId: U })],
  stopDatabaseLocksAction: ['admin:gameday', () => ({ databaseId: U })],
  registerDatabaseAction: [
    'admin:catalog',
    () => ({ name: `db-${unique()}`, environment: 'DEV', team: 'matrix', host: '127.0.0.1', port: 5432, dbname: 'orders', username: 'diag', password: 'pw' }),
  ],
  removeDatabaseAction: ['admin:catalog', () => ({ id: U })],
  linkDatabaseResourceAction: ['admin:catalog', () => ({ id: U, resourceId: '' })],
  previewBackendActionAction: ['remediation:request', () => ({ databaseId: U, pid: 4242, action: 'cancel' })],
  requestBackendActionAction: [
    'remediation:request',
    () => ({ databaseId: U, pid: 4242, action: 'terminate', idempotencyKey: `matrix-${unique()}`, reason: 'because' }),
  ],
  importClusterAction: ['admin:catalog', () => ({ region: 'us-east-1', cluster: 'shop-dev', environment: 'DEV', team: 'matrix' })],
  importResourcesAction: ['admin:catalog', () => ({ region: 'us-east-1', environment: 'PROD', team: 'matrix' })],
  linkResourceAction: ['admin:catalog', () => ({ resourceId: U, serviceIds: [] })],
  updateSeverityPolicyAction: [
    'admin:policy',
    () => ({
      severity: 'SEV4',
      expectedVersion: 999,
      description: 'cosmetic only',
      ackWithinMinutes: '',
      resolveWithinMinutes: '',
      updateEveryMinutes: '',
      escalateAfterMinutes: '',
    }),
  ],
  updateWebhooksAction: ['admin:policy', () => ({ expectedVersion: 999, webhooks: [] })],
  createIntegrationAction: ['admin:policy', () => ({ kind: 'WEBHOOK', name: `matrix-${unique()}` })],
  rotateIntegrationAction: ['admin:policy', () => ({ id: U, expectedVersion: 0 })],
  updateIntegrationAction: ['admin:policy', () => ({ id: U, expectedVersion: 0, enabled: false })],
  createServiceMappingAction: ['admin:policy', () => ({ pattern: `matrix-${unique()}`, serviceId: U })],
  createAlertRouteAction: ['admin:policy', () => ({ namePattern: `matrix-${unique()}*`, action: 'INBOX' })],
  createMaintenanceWindowAction: ['admin:policy', () => ({ serviceId: U, startsAt: '2030-01-01T10:00', endsAt: '2030-01-01T11:00', reason: 'matrix' })],
  removeAlertRuleAction: ['admin:policy', () => ({ kind: 'route', id: U })],
  savePagerDutyAction: ['admin:policy', () => ({ enabled: false, url: 'http://127.0.0.1:9/v2/enqueue', routingKey: 'matrix-routing-key', expectedVersion: 0 })],
  acknowledgeAlertAction: ['incident:write', () => ({ alertId: U, expectedVersion: 0 })],
  silenceAlertAction: ['incident:write', () => ({ alertId: U, expectedVersion: 0, minutes: 60, reason: 'matrix' })],
  attachAlertAction: ['incident:write', () => ({ alertId: U, expectedVersion: 0, incidentId: U })],
  injectScenarioAction: ['admin:gameday', () => ({ serviceId: U, scenario: 'crash_loop' })],
  clearScenariosAction: ['admin:gameday', () => ({})],
  injectFaultAction: ['admin:gameday', () => ({ preset: 'hang' })],
  clearFaultsAction: ['admin:gameday', () => ({})],
  checkCertificatesAction: ['incident:write', () => ({})],
  declareIncidentAction: [
    'incident:write',
    () => ({ idempotencyKey: `matrix-${unique()}`, title: 'Matrix incident', severity: 'SEV4', impact: 'nobody', serviceIds: [] }),
  ],
  acknowledgeIncidentAction: ['incident:write', () => ({ incidentId: U, expectedVersion: 0 })],
  changeSeverityAction: ['incident:write', () => ({ incidentId: U, expectedVersion: 0, severity: 'SEV1', reason: 'bigger than we thought' })],
  changeStatusAction: ['incident:write', () => ({ incidentId: U, expectedVersion: 0, status: 'IDENTIFIED' })],
  assignRoleAction: ['incident:write', () => ({ incidentId: U, expectedVersion: 0, role: 'ops_lead', userId: null })],
  addServiceAction: ['incident:write', () => ({ incidentId: U, expectedVersion: 0, serviceId: U })],
  removeServiceAction: ['incident:write', () => ({ incidentId: U, expectedVersion: 0, serviceId: U })],
  addNoteAction: ['incident:write', () => ({ incidentId: U, text: 'a note' })],
  postStatusUpdateAction: ['incident:write', () => ({ incidentId: U, expectedVersion: 0, kind: 'update', text: 'an update' })],
  startRunbookAction: ['incident:write', () => ({ incidentId: U, runbookId: 'crash-loop' })],
  checkStepAction: ['incident:write', () => ({ runId: U, stepId: 'x' })],
  skipStepAction: ['incident:write', () => ({ runId: U, stepId: 'x', reason: 'not needed' })],
  stepNoteAction: ['incident:write', () => ({ runId: U, stepId: 'x', note: 'n' })],
  runDiagnosticAction: ['incident:write', () => ({ runId: U, stepId: 'x', serviceId: U })],
  attachDiagnosticAction: ['incident:write', () => ({ runId: U, stepId: 'x', serviceId: U })],
  verifyStepAction: ['incident:write', () => ({ runId: U, stepId: 'x', serviceId: U })],
  requestRemediationAction: [
    'remediation:request',
    () => ({ serviceId: U, action: { kind: 'FORCE_NEW_DEPLOYMENT' }, idempotencyKey: `matrix-${unique()}`, reason: 'because' }),
  ],
  approveRemediationAction: ['remediation:approve', () => ({ requestId: U })],
  rejectRemediationAction: ['remediation:approve', () => ({ requestId: U, reason: 'not now' })],
  verifyAuditChainAction: ['audit:read', () => ({})],
  startPostMortemAction: ['incident:write', () => ({ incidentId: U })],
  savePostMortemAction: ['incident:write', () => ({ postMortemId: U, expectedVersion: 0, sections: { summary: 'text' } })],
  changePostMortemStatusAction: ['incident:write', () => ({ postMortemId: U, expectedVersion: 0, status: 'IN_REVIEW' })],
  createActionItemAction: ['incident:write', () => ({ postMortemId: U, title: 'Add an alarm' })],
  updateActionItemAction: ['incident:write', () => ({ actionItemId: U, expectedVersion: 0, status: 'DONE' })],
  deleteActionItemAction: ['incident:write', () => ({ actionItemId: U, expectedVersion: 0 })],
}

const skip = new Set(['node_modules', '.next', 'generated', '.data'])
/** Every module with a 'use server' directive, wherever it is (lint keeps them in app/, but the matrix does not rely on it). */
function actionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return skip.has(entry) ? [] : actionFiles(path)
    if (!/\.(ts|tsx)$/.test(entry) || /\.test\.tsx?$/.test(entry)) return []
    return /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use server['"]/.test(readFileSync(path, 'utf8')) ? [path] : []
  })
}

const root = join(__dirname, '..', '..')
const actions: Record<string, (input: unknown) => Promise<{ ok: boolean; code?: string }>> = {}
const users: Partial<Record<Role, CurrentUser>> = {}
let sim: SimulatorHandle

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
  for (const file of ['app', 'lib', 'components'].flatMap((dir) => actionFiles(join(root, dir)))) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>
    for (const [name, fn] of Object.entries(mod)) if (typeof fn === 'function') actions[`${relative(root, file)}#${name}`] = fn as never
  }
  for (const role of roles) {
    users[role] = await db.user.create({
      data: { email: `matrix-${role.toLowerCase()}@example.com`, name: `Matrix ${role}`, role },
      select: { id: true, email: true, name: true, role: true },
    })
  }
}, 60_000)

afterAll(async () => {
  await stopTestSimulator(sim)
  await db.$disconnect()
})

describe('role × action matrix', () => {
  it('knows every server action in app/', () => {
    const unknown = Object.keys(actions).filter((k) => !(k.split('#')[1] in table))
    expect(unknown, 'add these actions to the matrix').toEqual([])
    expect(Object.keys(actions).length).toBeGreaterThanOrEqual(Object.keys(table).length)
  })

  it('refuses signed-out callers and every role below the permission; lets the others through the gate', async () => {
    const outcomes: string[] = []
    const known = Object.entries(actions).filter(([key]) => key.split('#')[1] in table)
    for (const [key, action] of known) {
      const name = key.split('#')[1]
      const [permission, input] = table[name]
      session.user = null
      const anonymous = await action(input())
      expect(anonymous, `${name} signed out`).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
      for (const role of roles) {
        session.user = users[role]!
        const result = await action(input())
        const allowed = can(role, permission)
        if (allowed) expect(result.code ?? 'ok', `${name} as ${role}`).not.toMatch(/^(FORBIDDEN|UNAUTHENTICATED|VALIDATION)$/)
        else expect(result, `${name} as ${role}`).toMatchObject({ ok: false, code: 'FORBIDDEN' })
        outcomes.push(`${name} ${role} ${result.ok ? 'ok' : result.code}`)
      }
    }
    expect(outcomes.length).toBe(known.length * roles.length)
  }, 120_000)
})
