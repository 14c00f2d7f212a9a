import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSimulator, stopTestSimulator } from '@/lib/aws/testing'
import type { SimulatorHandle } from '@/lib/simulator'
import { runDiagnosticKind } from './diagnostics'

let sim: SimulatorHandle
const orders = { region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: 'orders-api', name: 'orders-api', targetGroupArn: null }

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
})

afterAll(async () => {
  await stopTestSimulator(sim)
})

describe('the error-logs diagnostic', () => {
  it('reads the log group the task definition names', async () => {
    const result = await runDiagnosticKind('error_logs', undefined, orders)
    expect(result.summary).toContain('/ecs/shop-prod/orders-api')
    expect(result.summary).not.toContain('could not be read')
  })

  it('when ECS cannot be read, still reads the default log group and says why', async () => {
    sim.faults.add({ kind: 'access_denied', api: 'ecs', operation: 'DescribeServices' })
    try {
      const result = await runDiagnosticKind('error_logs', undefined, orders)
      expect(result.summary).toMatch(
        /in \/ecs\/shop-prod\/orders-api .*the default log group: the service's task definition could not be read: .*not allowed|denied/i,
      )
    } finally {
      sim.faults.clear()
    }
  })
})

describe('diagnostics read the target groups ECS reports, and warn about the catalog', () => {
  const catalogArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-prod-orders-api/0123456789abcdef'

  it('with the catalog up to date: target health of its group, no warning', async () => {
    const result = await runDiagnosticKind('target_health', undefined, { ...orders, targetGroupArn: catalogArn })
    expect(result.summary).toMatch(/^\d+ healthy, \d+ unhealthy of \d+ in shop-prod-orders-api$/)
    expect(result.warnings).toBeUndefined()
  })

  it('after the target group was replaced: the one ECS reports is read, and the stale catalog ARN is a warning', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'target_group_replaced' })
    try {
      const health = await runDiagnosticKind('target_health', undefined, { ...orders, targetGroupArn: catalogArn })
      expect(health.summary).toMatch(/ in shop-prod-orders-api-v2$/)
      expect(health.table?.rows.length).toBeGreaterThan(0)
      expect(health.warnings).toEqual([
        expect.stringMatching(/^Catalog target group shop-prod-orders-api is not the service's: ECS uses shop-prod-orders-api-v2/),
      ])
      const alarms = await runDiagnosticKind('alarms', undefined, { ...orders, targetGroupArn: catalogArn })
      expect(alarms.warnings).toHaveLength(1)
      const errors = await runDiagnosticKind('error_rate_last_hour', undefined, { ...orders, targetGroupArn: catalogArn })
      expect(errors.warnings).toHaveLength(1)
    } finally {
      sim.scenarios.clear({ cluster: 'shop-prod', service: 'orders-api' })
    }
  })

  it('a catalog target group that ELB does not know: said plainly, not an error and not silence', async () => {
    // inventory-worker has no load balancer in ECS, so the catalog's ARN is all there is.
    const ghost = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/deleted-tg/ffffffffffffffff'
    const worker = { region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: 'inventory-worker', name: 'inventory-worker', targetGroupArn: ghost }
    const health = await runDiagnosticKind('target_health', undefined, worker)
    expect(health.summary).toBe('Target group deleted-tg does not exist in ELB')
    expect(health.warnings?.join(' ')).toMatch(/deleted-tg is unknown to ELB/)
    const latency = await runDiagnosticKind('latency_last_hour', undefined, worker)
    expect(latency.warnings?.join(' ')).toMatch(/deleted-tg is unknown to ELB/)
  })
})
