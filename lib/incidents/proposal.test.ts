import { describe, expect, it } from 'vitest'
import { proposeIncident, type ProposalInput } from './proposal'

const base: ProposalInput = {
  name: 'payments-api',
  cluster: 'shop-prod',
  environment: 'PROD',
  status: 'critical',
  reason: '0/2 tasks running; crash loop: 3 tasks failed in 10 min (exit 1)',
  findings: [
    { level: 'critical', signal: 'tasks', text: '0/2 tasks running' },
    { level: 'critical', signal: 'stopped', text: 'crash loop: 3 tasks failed in 10 min (exit 1)' },
  ],
}

describe('an incident proposed from a service’s health', () => {
  it('a production service that serves nobody is SEV1, with title and impact drawn from its health', () => {
    const p = proposeIncident(base)
    expect(p.severity).toBe('SEV1')
    expect(p.scope).toBe('all')
    expect(p.title).toBe('payments-api critical in production: 0/2 tasks running')
    expect(p.impact).toContain('Every user of payments-api is likely affected')
    expect(p.impact).toContain('crash loop: 3 tasks failed in 10 min (exit 1)')
    expect(p.impact).toContain('shop-prod')
  })

  it('a load balancer answering 503 itself also reaches every user', () => {
    const p = proposeIncident({ ...base, findings: [{ level: 'critical', signal: 'errors', text: 'no healthy target: the load balancer answers 503 itself' }] })
    expect(p.severity).toBe('SEV1')
  })

  it('another critical finding in production is SEV2; a warning is SEV3', () => {
    const crit = proposeIncident({ ...base, reason: '5xx 12%', findings: [{ level: 'critical', signal: 'errors', text: '5xx 12%' }] })
    expect(crit.severity).toBe('SEV2')
    expect(crit.title).toBe('payments-api critical in production: 5xx 12%')
    const warn = proposeIncident({ ...base, status: 'degraded', reason: 'CPU 75%', findings: [{ level: 'warning', signal: 'cpu', text: 'CPU 75%' }] })
    expect(warn.severity).toBe('SEV3')
    expect(warn.title).toBe('payments-api degraded in production: CPU 75%')
  })

  it('outside production no customer is affected: SEV4, whatever the health says', () => {
    for (const environment of ['STAGING', 'DEV'] as const) {
      const p = proposeIncident({ ...base, environment })
      expect(p.severity).toBe('SEV4')
      expect(p.impact).toContain('not a production service')
    }
  })

  it('keeps within the declare form’s limits', () => {
    const long = 'x'.repeat(3000)
    const p = proposeIncident({ ...base, reason: long, findings: [{ level: 'critical', signal: 'tasks', text: long }] })
    expect(p.title.length).toBeLessThanOrEqual(200)
    expect(p.impact.length).toBeLessThanOrEqual(2000)
  })
})
