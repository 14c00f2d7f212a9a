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
