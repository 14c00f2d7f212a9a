import { describe, expect, it } from 'vitest'
import {
  changeStatusSchema,
  declareIncidentSchema,
  incidentListFilterSchema,
  timelineQuerySchema,
  updateSeverityPolicySchema,
  updateWebhooksSchema,
} from './schemas'

const id = '8b7b3c1e-5d0a-4a52-9d3e-1f2a3b4c5d6e'
const other = '0f1e2d3c-4b5a-4968-8776-655443322110'

describe('declareIncidentSchema', () => {
  it('needs a key, a title, a severity and the impact; dedupes services', () => {
    const parsed = declareIncidentSchema.parse({
      idempotencyKey: 'k-12345678',
      title: '  Checkout down ',
      severity: 'SEV1',
      impact: 'Nobody can pay',
      serviceIds: [id, id, other],
      commanderId: '',
    })
    expect(parsed).toEqual({ idempotencyKey: 'k-12345678', title: 'Checkout down', severity: 'SEV1', impact: 'Nobody can pay', serviceIds: [id, other] })
    const bad = declareIncidentSchema.safeParse({ title: 'x', severity: 'SEV9' })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['idempotencyKey', 'impact', 'severity', 'title'])
  })
})

describe('changeStatusSchema', () => {
  it('needs a resolution summary to resolve, and takes a version from a form', () => {
    const bad = changeStatusSchema.safeParse({ incidentId: id, expectedVersion: '3', status: 'RESOLVED', resolutionSummary: ' ' })
    expect(bad.error!.issues).toMatchObject([{ path: ['resolutionSummary'], message: 'Say what fixed it' }])
    expect(changeStatusSchema.parse({ incidentId: id, expectedVersion: '3', status: 'IDENTIFIED', reason: '' })).toEqual({
      incidentId: id,
      expectedVersion: 3,
      status: 'IDENTIFIED',
    })
  })
})

describe('updateSeverityPolicySchema', () => {
  const base = { severity: 'SEV3', expectedVersion: 0, description: 'Minor', ackWithinMinutes: '120', resolveWithinMinutes: '', updateEveryMinutes: '' }

  it('reads empty minutes as "none" and checkboxes as booleans', () => {
    expect(updateSeverityPolicySchema.parse({ ...base, updatesAtStartAndEnd: 'on' })).toEqual({
      severity: 'SEV3',
      expectedVersion: 0,
      description: 'Minor',
      ackWithinMinutes: 120,
      resolveWithinMinutes: null,
      updateEveryMinutes: null,
      updatesAtStartAndEnd: true,
      escalateAfterMinutes: null,
      postmortemRequired: false,
    })
  })

  it('refuses both a cadence and start-and-end updates, and silly numbers', () => {
    expect(updateSeverityPolicySchema.safeParse({ ...base, updateEveryMinutes: 30, updatesAtStartAndEnd: true }).error!.issues[0].path).toEqual([
      'updatesAtStartAndEnd',
    ])
    expect(updateSeverityPolicySchema.safeParse({ ...base, ackWithinMinutes: 0 }).success).toBe(false)
    expect(updateSeverityPolicySchema.safeParse({ ...base, updateEveryMinutes: 2 }).success).toBe(false)
    expect(updateSeverityPolicySchema.safeParse({ ...base, ackWithinMinutes: 1.5 }).success).toBe(false)
  })
})

describe('updateWebhooksSchema', () => {
  const hook = { name: '#incidents', format: 'slack', url: 'https://hooks.slack.com/services/T/B/x' }

  it('takes https URLs, and plain http only to this machine', () => {
    expect(updateWebhooksSchema.safeParse({ expectedVersion: 0, webhooks: [hook] }).success).toBe(true)
    expect(updateWebhooksSchema.safeParse({ expectedVersion: 0, webhooks: [{ ...hook, url: 'http://127.0.0.1:9/hook' }] }).success).toBe(true)
    const plain = updateWebhooksSchema.safeParse({ expectedVersion: 0, webhooks: [{ ...hook, url: 'http://hooks.example.com/x' }] })
    expect(plain.error!.issues[0].message).toBe('Use https:// (plain http only reaches a receiver on this machine)')
    expect(updateWebhooksSchema.safeParse({ expectedVersion: 0, webhooks: [{ ...hook, url: 'ftp://x' }] }).success).toBe(false)
  })

  it('needs a URL for a new webhook, not for an existing one, and distinct names', () => {
    const noUrl = updateWebhooksSchema.safeParse({ expectedVersion: 0, webhooks: [{ name: 'a', format: 'teams' }] })
    expect(noUrl.error!.issues).toMatchObject([{ path: ['webhooks', 0, 'url'], message: 'Paste the webhook URL' }])
    expect(updateWebhooksSchema.parse({ expectedVersion: 1, webhooks: [{ id, name: 'a', format: 'teams', url: '' }] }).webhooks[0]).toEqual({
      id,
      name: 'a',
      format: 'teams',
      enabled: true,
    })
    const twice = updateWebhooksSchema.safeParse({ expectedVersion: 0, webhooks: [hook, { ...hook, name: '#Incidents' }] })
    expect(twice.error!.issues).toMatchObject([{ path: ['webhooks', 1, 'name'] }])
  })
})

describe('incidentListFilterSchema', () => {
  it('reads search params: comma lists, blanks as absent, a date-only "to" as the end of that day', () => {
    expect(
      incidentListFilterSchema.parse({
        status: 'INVESTIGATING,IDENTIFIED',
        severity: ['SEV1'],
        q: ' db ',
        serviceId: '',
        from: '2025-11-01',
        to: '2025-11-19',
      }),
    ).toEqual({
      state: 'all',
      status: ['INVESTIGATING', 'IDENTIFIED'],
      severity: ['SEV1'],
      q: 'db',
      from: new Date('2025-11-01T00:00:00Z'),
      to: new Date('2025-11-20T00:00:00Z'),
      limit: 25,
    })
    expect(incidentListFilterSchema.parse({}).limit).toBe(25)
  })

  it('refuses unknown values', () => {
    expect(incidentListFilterSchema.safeParse({ severity: 'SEV9' }).success).toBe(false)
    expect(incidentListFilterSchema.safeParse({ environment: 'QA' }).success).toBe(false)
    expect(incidentListFilterSchema.safeParse({ limit: '1000' }).success).toBe(false)
  })
})

describe('timelineQuerySchema', () => {
  it('reads the poll cursor from search params', () => {
    expect(timelineQuerySchema.parse({ after: '41' })).toEqual({ after: 41 })
    expect(timelineQuerySchema.parse({ after: '' })).toEqual({})
    expect(timelineQuerySchema.safeParse({ after: 'x' }).success).toBe(false)
  })
})
