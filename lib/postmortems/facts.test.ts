import { describe, expect, it } from 'vitest'
import type { TimelineEntryDto } from '@/lib/incidents/dto'
import { defaultSeverityPolicy, policyFor } from '@/lib/incidents/policy'
import { buildFacts, defaultIncludedEntryIds, prefillSections, type FactsIncident } from './facts'
import { placeholder } from './sections'

const T = new Date('2025-11-19T10:30:00Z')
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000)
const chloe = { id: 'u-chloe', name: 'Chloe Commander' }
const rafael = { id: 'u-rafael', name: 'Rafael Responder' }

const incident: FactsIncident = {
  id: 'inc-1',
  number: 42,
  title: 'Orders API crash looping',
  severity: 'SEV2',
  status: 'RESOLVED',
  impact: 'About 60% of order submissions fail',
  resolutionSummary: 'Rolled back to the previous task definition.',
  reopenCount: 0,
  declaredAt: T,
  acknowledgedAt: at(4),
  mitigatedAt: at(35),
  resolvedAt: at(50),
  reopenedAt: null,
  commander: chloe,
  commsLead: null,
  opsLead: null,
  declaredBy: rafael,
  services: [{ id: 's1', name: 'orders-api', environment: 'PROD', cluster: 'shop-prod' }],
}

const entry = (id: number, kind: TimelineEntryDto['kind'], minutes: number, text: string, data: unknown = null, actor = rafael): TimelineEntryDto => ({
  id,
  kind,
  at: at(minutes).toISOString(),
  actor,
  text,
  data,
})

const timeline: TimelineEntryDto[] = [
  entry(1, 'declared', 0, 'Declared SEV2: Orders API crash looping', {
    snapshot: { takenAt: T.toISOString(), services: [{ name: 'orders-api', cluster: 'shop-prod', status: 'critical', reason: '0/4 tasks running' }] },
  }),
  entry(2, 'acknowledged', 4, 'Acknowledged 4 min after it was declared', null, chloe),
  entry(3, 'role_assigned', 5, 'Rita is now the communications lead', { role: 'comms_lead', to: { id: 'u-rita', name: 'Rita' } }, chloe),
  entry(4, 'update_posted', 10, 'We are investigating failed orders.', { kind: 'initial' }, chloe),
  entry(5, 'diagnostic', 12, 'Stopped tasks for orders-api: exit code 1 (3 tasks)'),
  entry(6, 'runbook_step', 13, 'Checked: look at stopped tasks'),
  entry(7, 'resolved', 50, 'Resolved after 50 min: Rolled back', null, chloe),
  entry(8, 'note', 60, 'Started the post-mortem (draft)', { postMortem: { event: 'started' } }, chloe),
]

const remediation = {
  id: 'r1',
  createdAt: at(30),
  kind: 'ROLLBACK',
  preview: 'Roll back orders-api in prod to orders-api:41',
  status: 'SUCCEEDED',
  service: { name: 'orders-api', cluster: 'shop-prod' },
  requester: rafael,
  approver: chloe,
  error: null,
  finishedAt: at(34),
}

const facts = buildFacts(
  incident,
  policyFor(defaultSeverityPolicy, 'SEV2'),
  timeline,
  [remediation],
  [{ runbookId: 'crash-loop', title: 'Crash loop', startedAt: at(11), done: 3, skipped: 1, total: 8 }],
)

describe('post-mortem facts', () => {
  it('takes times and durations from the incident and checks them against the policy', () => {
    expect(facts.times).toEqual({
      declaredAt: T.toISOString(),
      acknowledgedAt: at(4).toISOString(),
      mitigatedAt: at(35).toISOString(),
      resolvedAt: at(50).toISOString(),
      reopenedAt: null,
    })
    expect(facts.durations).toEqual({ toAcknowledge: 4, toMitigate: 35, toResolve: 50 })
    expect(facts.targets).toEqual({ ackWithinMinutes: 30, resolveWithinMinutes: 240, ackMet: true, resolveMet: true })
    expect(facts.incident.ref).toBe('INC-42')
  })

  it('names every responder once, with their roles', () => {
    expect(facts.responders).toEqual([
      { id: 'u-chloe', name: 'Chloe Commander', roles: ['incident commander', 'approved remediation'] },
      { id: 'u-rafael', name: 'Rafael Responder', roles: ['declared it', 'ran remediation'] },
      { id: 'u-rita', name: 'Rita', roles: ['communications lead'] },
    ])
  })

  it('lists remediation outcomes, runbooks, status updates and evidence', () => {
    expect(facts.remediations).toEqual([
      expect.objectContaining({
        preview: remediation.preview,
        status: 'SUCCEEDED',
        requester: 'Rafael Responder',
        approver: 'Chloe Commander',
        service: 'orders-api (shop-prod)',
      }),
    ])
    expect(facts.runbooks).toEqual([{ runbookId: 'crash-loop', title: 'Crash loop', startedAt: at(11).toISOString(), done: 3, skipped: 1, total: 8 }])
    expect(facts.statusUpdates).toEqual([
      { entryId: 4, at: at(10).toISOString(), kind: 'initial', text: 'We are investigating failed orders.', author: 'Chloe Commander' },
    ])
    expect(facts.snapshots.map((s) => [s.entryId, s.label, s.services.map((x) => x.status)])).toEqual([
      [1, 'Health of the affected services when the incident was declared', ['critical']],
      [5, 'Diagnostic', []],
    ])
  })

  it('does not count an unresolved incident as resolved', () => {
    const open = buildFacts({ ...incident, status: 'MONITORING', resolvedAt: null }, policyFor(defaultSeverityPolicy, 'SEV2'), [], [], [])
    expect(open.durations.toResolve).toBeNull()
    expect(open.targets.resolveMet).toBeNull()
  })

  it('chooses the entries that tell the story for the curated timeline, never its own notes', () => {
    expect(defaultIncludedEntryIds(timeline)).toEqual([1, 2, 4, 5, 7])
  })

  it('drafts the sections from the facts, leaving the analysis to people', () => {
    const s = prefillSections(facts)
    expect(s.summary).toContain('INC-42 was declared SEV2 at 2025-11-19 10:30 UTC and resolved at 2025-11-19 11:20 UTC, 50 min later.')
    expect(s.impact).toContain('- Who was affected: About 60% of order submissions fail')
    expect(s.impact).toContain('orders-api (prod, shop-prod)')
    expect(s.detection).toContain('Acknowledged 4 min after the declaration')
    expect(s.detection).toContain('When declared, the board read orders-api (shop-prod) as critical: 0/4 tasks running')
    expect(s.detection).not.toContain(placeholder())
    expect(s.resolution).toContain('Roll back orders-api in prod to orders-api:41: succeeded')
    expect(s.response.split('\n')).toEqual([
      '- Roles: Chloe Commander (incident commander, approved remediation); Rafael Responder (declared it, ran remediation); Rita (communications lead)',
      '- Runbook “Crash loop” started 11 min after the declaration: 3 steps done, 1 skipped of 8',
      '- Status updates: 1, the first 10 min after the declaration',
      '- Diagnostics attached to the timeline: 1',
      '- Remediation: 1 (1 succeeded)',
    ])
    expect(s.rootCause).toBe('')
    expect(s.lessons).toBe('')
  })

  it('drafts detection from the first alert, whatever order the alerts come in', () => {
    const withAlerts = buildFacts(
      incident,
      policyFor(defaultSeverityPolicy, 'SEV2'),
      timeline,
      [],
      [],
      [
        { source: 'webhook', title: 'orders-api 5xx', reason: '5xx above 5%', firstSeenAt: at(-2), count: 1 },
        { source: 'sns', title: 'prod-orders-api-unhealthy', reason: 'Threshold Crossed: 1 datapoint [0.0] < 1.0', firstSeenAt: at(-6), count: 3 },
      ],
    )
    expect(withAlerts.alerts.map((a) => a.title)).toEqual(['prod-orders-api-unhealthy', 'orders-api 5xx'])
    const s = prefillSections(withAlerts)
    expect(s.detection).toContain(
      'First alert: prod-orders-api-unhealthy (CloudWatch through SNS) at 2025-11-19 10:24 UTC, 6 min before the declaration: Threshold Crossed',
    )
    expect(s.detection).toContain('Alerts on this incident: 2, from 4 notifications')
    expect(s.detection).not.toContain(placeholder())
  })

  it('leaves detection to people only when neither an alert nor the board saw the problem', () => {
    const healthyAtDeclare: TimelineEntryDto[] = [
      entry(1, 'declared', 0, 'Declared SEV2', { snapshot: { takenAt: T.toISOString(), services: [{ name: 'orders-api', status: 'healthy' }] } }),
    ]
    const s = prefillSections(buildFacts(incident, policyFor(defaultSeverityPolicy, 'SEV2'), healthyAtDeclare, [], []))
    expect(s.detection).toContain(`How the problem was first noticed, and when it really started: ${placeholder()}`)
    expect(s.detection).not.toContain('When declared')
  })
})
