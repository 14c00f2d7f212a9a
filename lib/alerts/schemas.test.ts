import { describe, expect, it } from 'vitest'
import { createIntegrationSchema, createMaintenanceWindowSchema } from './schemas'

const serviceId = '00000000-0000-4000-8000-000000000001'

describe('maintenance window input', () => {
  it('refuses empty or unreadable times with a message per field, instead of failing on them', () => {
    for (const times of [
      { startsAt: '', endsAt: '' },
      { startsAt: 'soon', endsAt: '2026-12-01T10:00' },
      { startsAt: '2026-12-01T09:00', endsAt: undefined },
    ]) {
      const result = createMaintenanceWindowSchema.safeParse({ serviceId, reason: 'Database upgrade', ...times })
      expect(result.success).toBe(false)
      expect(result.error!.issues.map((i) => i.path[0])).toContain(times.startsAt === '2026-12-01T09:00' ? 'endsAt' : 'startsAt')
    }
  })

  it('checks the span once both times are read', () => {
    const at = (startsAt: string, endsAt: string) => createMaintenanceWindowSchema.safeParse({ serviceId, reason: 'Database upgrade', startsAt, endsAt })
    expect(at('2026-12-01T09:00', '2026-12-01T10:00').success).toBe(true)
    expect(at('2026-12-01T10:00', '2026-12-01T09:00').error!.issues[0]).toMatchObject({ path: ['endsAt'], message: 'End after the start' })
    expect(at('2026-12-01T09:00', '2026-12-09T09:00').error!.issues[0]).toMatchObject({ path: ['endsAt'], message: 'A window lasts at most a week' })
  })
})

describe('integration input', () => {
  it('refuses topic ARNs that are not a list with a message, instead of failing on them', () => {
    const result = createIntegrationSchema.safeParse({ kind: 'SNS', name: 'Prod alarms', topicArns: 'arn:aws:sns:us-east-1:123456789012:prod' })
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((i) => i.path[0])).toContain('topicArns')
  })
})
