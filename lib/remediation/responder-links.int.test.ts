import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ActorContext } from '@/lib/actions/actor'
import type { SimulatorHandle } from '@/lib/simulator'
import { db } from '@/lib/db/client'
import { updateWebhooks } from '@/lib/incidents/mutations'
import { statusWebhooksKey } from '@/lib/incidents/webhooks'
import { startRunbook } from '@/lib/runbooks/mutations'
import { fixStepOf, listRunbookRuns } from '@/lib/runbooks/queries'
import { startRemediationFixture, type RemediationFixture } from '@/lib/testing/remediation-fixture'
import { requestRemediation } from './mutations'

// Two links between the responder's tools, against real Postgres and the simulator:
// a fix launched from a runbook step is linked to the step and ticks it only once it
// SUCCEEDED; a request that waits for approval is announced to the incident webhooks,
// after its transaction, through the same guarded sender as status updates.

let fixture: RemediationFixture<'responder' | 'admin'>
let sim: SimulatorHandle
let responder: ActorContext
let admin: ActorContext
let incidentId: string
let ids: Record<string, string>
let n = 0
const key = () => `links-key-${++n}`

let server: Server
let base: string
const received: { path: string; body: { text?: string } }[] = []

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = ''
    req.on('data', (c) => (data += c))
    req.on('end', () => resolve(data))
  })

const settle = (id: string) => fixture.settle(id)

const prod = (service: string) => ids[`shop-prod/${service}`]
const entries = (kind: string) => db.timelineEntry.findMany({ where: { incidentId, kind }, orderBy: { id: 'asc' } })

beforeAll(async () => {
  fixture = await startRemediationFixture({
    users: { responder: { email: 'links-resp@example.com', role: 'RESPONDER' }, admin: { email: 'links-admin@example.com', role: 'ADMIN' } },
    incident: { title: 'Workers stuck', impact: 'emails late', services: () => ['shop-prod/notifications-worker', 'shop-prod/inventory-worker'] },
  })
  ;({ sim, ids, incidentId } = fixture)
  ;({ responder, admin } = fixture.users)
  server = createServer(async (req, res) => {
    received.push({ path: req.url ?? '', body: JSON.parse(await readBody(req)) })
    res.writeHead(req.url?.startsWith('/fail') ? 500 : 200).end('ok')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await fixture.stop()
})

beforeEach(async () => {
  received.length = 0
  sim.advance(60_000)
  await fixture.outsideCooldown()
})

describe('a fix launched from a runbook step', () => {
  it('knows its step, is linked to it, and ticks it only when the recorded outcome is SUCCEEDED', async () => {
    const run = await startRunbook(responder, { incidentId, runbookId: 'crash-loop' })
    // The crash-loop runbook's restart step maps to a forced deployment; its first steps are not fixes.
    expect(await fixStepOf(run.id, 'restart-after-dependency')).toMatchObject({ incidentId, kind: 'FORCE_NEW_DEPLOYMENT' })
    expect(await fixStepOf(run.id, 'rollback')).toMatchObject({ kind: 'ROLLBACK' })
    const { runbookById } = await import('@/lib/runbooks/catalog')
    const notAFix = runbookById('crash-loop')!.steps.find((s) => s.kind !== 'remediation')!
    expect(await fixStepOf(run.id, notAFix.id)).toBeNull()
    expect(await fixStepOf(run.id, 'no-such-step')).toBeNull()

    const { id } = await requestRemediation(responder, {
      serviceId: prod('notifications-worker'),
      action: { kind: 'FORCE_NEW_DEPLOYMENT' },
      idempotencyKey: key(),
      reason: 'restart after the queue came back',
      incidentId,
      confirmName: 'notifications-worker',
      runbookStep: { runId: run.id, stepId: 'restart-after-dependency' },
    })
    const row = await db.remediationRequest.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ runbookRunId: run.id, runbookStepId: 'restart-after-dependency' })

    // Launched, not finished: linked, not ticked.
    let [state] = await listRunbookRuns(responder.actor, incidentId)
    expect(state.fixes['restart-after-dependency']).toMatchObject({ id })
    expect(state.fixes['restart-after-dependency'].status).not.toBe('SUCCEEDED')
    expect(state.steps['restart-after-dependency']).toBeUndefined()

    expect(await settle(id)).toBe('SUCCEEDED')
    ;[state] = await listRunbookRuns(responder.actor, incidentId)
    expect(state.fixes['restart-after-dependency']).toMatchObject({ id, status: 'SUCCEEDED' })
  })

  it('a fix that did not succeed is linked but never ticks its step', async () => {
    const [{ id: runId }] = await listRunbookRuns(responder.actor, incidentId)
    const { id } = await requestRemediation(responder, {
      serviceId: prod('inventory-worker'),
      action: { kind: 'FORCE_NEW_DEPLOYMENT' },
      idempotencyKey: key(),
      reason: 'restart again',
      incidentId,
      confirmName: 'inventory-worker',
      runbookStep: { runId, stepId: 'restart-after-dependency' },
    })
    // Recorded as failed (as the engine would after a deployment that never got steady).
    await db.remediationRequest.update({ where: { id }, data: { status: 'FAILED', finishedAt: new Date() } })
    const [state] = await listRunbookRuns(responder.actor, incidentId)
    expect(state.fixes['restart-after-dependency']).toMatchObject({ id, status: 'FAILED' })
  })
})

describe('a request waiting for approval', () => {
  it('is announced to every enabled webhook after its transaction; a webhook that refuses is written to the timeline', async () => {
    await updateWebhooks(admin, {
      expectedVersion: 0,
      webhooks: [
        { name: '#incidents', format: 'slack', url: `${base}/slack`, enabled: true },
        { name: 'Broken', format: 'slack', url: `${base}/fail`, enabled: true },
        { name: 'Muted', format: 'slack', url: `${base}/muted`, enabled: false },
      ],
    })
    const { id } = await requestRemediation(responder, {
      serviceId: prod('notifications-worker'),
      action: { kind: 'SCALE', desiredCount: 0 },
      idempotencyKey: key(),
      reason: 'stop it sending duplicates',
      incidentId,
      confirmName: 'notifications-worker',
    })
    expect((await db.remediationRequest.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING_APPROVAL')
    expect(received.map((r) => r.path).sort()).toEqual(['/fail', '/slack'])
    const text = received.find((r) => r.path === '/slack')!.body.text!
    expect(text).toMatch(/^INC-\d+ \(Workers stuck\): links-resp asks a second commander to approve: desired \d+ → 0 on notifications-worker in prod\./)
    expect(text).toContain('Reason: stop it sending duplicates.')
    expect(text).toContain(`/remediations#remediation-${id}`)
    const failed = await entries('update_failed')
    expect(failed.at(-1)!.text).toBe('The approval notice did not reach Broken (Slack): the webhook answered HTTP 500')
    expect(failed.at(-1)!.data).toMatchObject({ remediationId: id, httpStatus: 500 })
  })

  it('a request that runs at once announces nothing', async () => {
    const { id } = await requestRemediation(responder, {
      serviceId: prod('inventory-worker'),
      action: { kind: 'SCALE', desiredCount: 3 },
      idempotencyKey: key(),
      reason: 'a little more capacity',
      incidentId,
      confirmName: 'inventory-worker',
    })
    expect(received).toEqual([])
    expect(await settle(id)).toBe('SUCCEEDED')
  })

  it('keeps the outbound guard: a stored address the guard refuses is never reached, and says so on the timeline', async () => {
    // Written straight into the setting, as a hand edit would: "localhost" is not in WEBHOOK_ALLOW_HOSTS (127.0.0.1 is).
    const port = new URL(base).port
    await db.appSetting.update({
      where: { key: statusWebhooksKey },
      data: { value: [{ id: 'hand-made', name: 'Sneaky', format: 'slack', url: `http://localhost:${port}/sneaky`, enabled: true }] },
    })
    const { id } = await requestRemediation(responder, {
      serviceId: prod('inventory-worker'),
      action: { kind: 'SCALE', desiredCount: 0 },
      idempotencyKey: key(),
      reason: 'stop it for now',
      incidentId,
      confirmName: 'inventory-worker',
      cooldownOverride: 'the scale-up above was a test',
    })
    expect((await db.remediationRequest.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING_APPROVAL')
    expect(received).toEqual([])
    const failed = await entries('update_failed')
    expect(failed.at(-1)!.text).toMatch(/^The approval notice did not reach Sneaky \(Slack\): /)
    expect(failed.at(-1)!.data).toMatchObject({ remediationId: id })
  })
})
