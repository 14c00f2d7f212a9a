// ECS through the real SDK over HTTP against the simulator.
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient } from '@aws-sdk/client-ecs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { toAwsError } from './errors'
import {
  deployTaskDefinition,
  describeService,
  describeServices,
  describeTaskDefinition,
  forceNewDeployment,
  getTaskDefinitionHistory,
  listClusterServices,
  listClusterStoppedTasks,
  listRunningTasks,
  listStoppedTasks,
  registerTaskDefinitionFrom,
  updateDesiredCount,
} from './ecs'
import type { SimulatorHandle } from '@/lib/simulator'
import { REGION, sdkConfig, startTestSimulator, stopTestSimulator } from './testing'
import type { ServiceRef } from './types'

let sim: SimulatorHandle
const ref = (service: string, cluster = 'shop-prod'): ServiceRef => ({ region: REGION, cluster, service })
const MIN = 60_000

/** Advances simulated time in steps until `check` passes. */
async function eventually<T>(check: () => Promise<T | undefined | false>, maxMs = 15 * MIN, stepMs = 15_000): Promise<T> {
  for (let waited = 0; waited <= maxMs; waited += stepMs) {
    const result = await check()
    if (result) return result
    sim.advance(stepMs)
  }
  throw new Error('condition not met in simulated time')
}

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
})
afterAll(async () => stopTestSimulator(sim))
beforeEach(() => {
  sim.scenarios.clear()
  sim.faults.clear()
  sim.calls.reset()
})

describe('reads', () => {
  it('describes the demo fleet in batches of ten, reporting unknown services', async () => {
    const refs = [
      ...['orders-api', 'payments-api', 'checkout-web', 'catalog-api', 'auth-api', 'inventory-worker', 'notifications-worker'].map((s) => ref(s)),
      ...['orders-api', 'payments-api', 'checkout-web', 'catalog-api', 'inventory-worker'].map((s) => ref(s, 'shop-dev')),
      ref('no-such-service'),
    ]
    const { services, missing } = await describeServices(refs)
    expect(services.map((s) => `${s.ref.cluster}/${s.ref.service}`)).toEqual(refs.slice(0, 12).map((r) => `${r.cluster}/${r.service}`))
    expect(missing).toEqual([{ ...ref('no-such-service'), reason: 'service_not_found' }])
    expect(sim.calls.counts().byOperation['ecs:DescribeServices']).toBe(2)
    const orders = services[0]
    expect(orders.runningCount).toBe(orders.desiredCount)
    expect(orders.primaryDeployment?.rolloutState).toBe('COMPLETED')
    expect(orders.taskDefinition).toMatch(/^orders-api-shop-prod:\d+$/)
    expect(orders.targetGroupArns[0]).toContain('targetgroup/shop-prod-orders-api/')
    expect(orders.events[0].message).toMatch(/steady state/)
    expect(orders.circuitBreaker).toEqual({ enabled: true, rollback: true })
  })

  it('reports unknown clusters as missing, and a refused batch as a partial failure', async () => {
    const ghost = { region: REGION, cluster: 'no-cluster', service: 'orders-api' }
    const partly = await describeServices([ghost, ref('orders-api'), ref('orders-api', 'shop-dev')])
    expect(partly.missing).toEqual([{ ...ghost, reason: 'cluster_not_found' }])
    expect(partly.services).toHaveLength(2)

    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'throttling' })
    const throttled = await describeServices([ref('orders-api'), ref('payments-api'), ref('orders-api', 'shop-dev')])
    expect(throttled.services.map((s) => `${s.ref.cluster}/${s.ref.service}`)).toEqual(['shop-dev/orders-api'])
    expect(throttled.missing).toEqual([])
    expect(throttled.failures).toHaveLength(1)
    expect(throttled.failures[0].items).toEqual([ref('orders-api'), ref('payments-api')])
    expect(throttled.failures[0].error.kind).toBe('throttled')
    // When every batch is refused, the call fails as a whole.
    await expect(describeServices([ref('orders-api')])).rejects.toMatchObject({ kind: 'throttled' })
  })

  it('lists a cluster and its running tasks', async () => {
    expect((await listClusterServices(REGION, 'shop-prod')).sort()).toHaveLength(7)
    const tasks = await listRunningTasks(ref('orders-api'))
    const svc = await describeService(ref('orders-api'))
    expect(tasks).toHaveLength(svc.desiredCount)
    expect(tasks[0]).toMatchObject({ lastStatus: 'RUNNING', failed: false, oom: false })
    expect(tasks[0].privateIp).toMatch(/^10\.0\./)
  })

  it('gets the current and previous task definition', async () => {
    const svc = await describeService(ref('catalog-api'))
    const { current, previous } = await getTaskDefinitionHistory(REGION, svc.taskDefinitionArn)
    expect(current.arn).toBe(svc.taskDefinitionArn)
    expect(previous?.family).toBe(current.family)
    expect(previous?.revision).toBe(current.revision - 1)
    expect(current.containers[0]).toMatchObject({ name: 'catalog-api', logGroup: '/ecs/shop-prod/catalog-api', essential: true })
    expect(current.memory).toBe('1024')
  })

  it('refuses more than ten services in one DescribeServices call, as ECS does', async () => {
    const ecs = new ECSClient(sdkConfig(sim))
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']
    const err = await ecs.send(new DescribeServicesCommand({ cluster: 'shop-prod', services: names })).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'InvalidParameterException', message: 'service names can have at most 10 items.' })
    const mapped = toAwsError(err, 'ecs:DescribeServices')
    expect(mapped.kind).toBe('invalid')
    expect(mapped.requestId).toMatch(/[0-9a-f-]{36}/)
    ecs.destroy()
  })

  it('refuses more than a hundred tasks in one DescribeTasks call', async () => {
    const ecs = new ECSClient(sdkConfig(sim))
    const tasks = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, '0'))
    const err = await ecs.send(new DescribeTasksCommand({ cluster: 'shop-prod', tasks })).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'InvalidParameterException' })
    ecs.destroy()
  })
})

describe('scenarios seen through ECS', () => {
  it('crash loop: stopped tasks with exit code 1 from an essential container', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'auth-api', scenario: 'crash_loop' })
    const stopped = await eventually(async () => {
      const tasks = await listStoppedTasks(ref('auth-api'))
      return tasks.length >= 3 && tasks
    })
    for (const t of stopped) {
      expect(t).toMatchObject({
        exitCode: 1,
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        failed: true,
        oom: false,
      })
    }
    expect(Date.parse(stopped[0].stoppedAt!)).toBeGreaterThanOrEqual(Date.parse(stopped[stopped.length - 1].stoppedAt!))
    const svc = await describeService(ref('auth-api'))
    expect(svc.runningCount).toBeLessThan(svc.desiredCount)
    // The same, for the whole cluster in one scan.
    const byService = await listClusterStoppedTasks(REGION, 'shop-prod')
    expect(byService['auth-api'].map((t) => t.taskArn)).toEqual(expect.arrayContaining(stopped.map((t) => t.taskArn)))
    expect(byService['auth-api'].every((t) => t.service === 'auth-api')).toBe(true)
  })

  it('oom: exit 137 with the OutOfMemoryError reason', async () => {
    sim.scenarios.inject({ cluster: 'shop-dev', service: 'catalog-api', scenario: 'oom' })
    const [task] = await eventually(async () => {
      const tasks = await listStoppedTasks(ref('catalog-api', 'shop-dev'))
      return tasks.length > 0 && tasks
    })
    expect(task).toMatchObject({ exitCode: 137, oom: true, failed: true, containerReason: 'OutOfMemoryError: Container killed due to memory usage' })
  })
})

describe('writes', () => {
  it('scales: desired changes at once, running follows step by step', async () => {
    const before = await describeService(ref('payments-api', 'shop-dev'))
    const result = await updateDesiredCount(ref('payments-api', 'shop-dev'), before.desiredCount + 3)
    expect(result.awsRequestId).toMatch(/[0-9a-f-]{36}/)
    expect(result.service.desiredCount).toBe(before.desiredCount + 3)
    expect(result.service.runningCount).toBe(before.runningCount)
    const seen = new Set<number>()
    await eventually(
      async () => {
        const s = await describeService(ref('payments-api', 'shop-dev'))
        seen.add(s.runningCount)
        return s.runningCount === s.desiredCount
      },
      5 * MIN,
      5_000,
    )
    expect(seen.size).toBeGreaterThan(1)
  })

  it('forces a new deployment that rolls to COMPLETED as the clock advances', async () => {
    const result = await forceNewDeployment(ref('orders-api'))
    expect(result.deploymentId).toMatch(/^ecs-svc\/\d{19}$/)
    expect(result.service.primaryDeployment).toMatchObject({ id: result.deploymentId, rolloutState: 'IN_PROGRESS' })
    expect(result.service.deployments).toHaveLength(2)
    const done = await eventually(async () => {
      const s = await describeService(ref('orders-api'))
      return s.deployments.length === 1 && s.primaryDeployment?.rolloutState === 'COMPLETED' && s
    })
    expect(done.primaryDeployment?.id).toBe(result.deploymentId)
    expect(done.events.some((e) => e.message.includes(`(deployment ${result.deploymentId}) deployment completed`))).toBe(true)
  })

  it('a failed deployment is marked FAILED by the circuit breaker and rolled back', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'checkout-web', scenario: 'failed_deployment' })
    const before = await describeService(ref('checkout-web'))
    const started = await forceNewDeployment(ref('checkout-web'))
    const failed = await eventually(
      async () => {
        const s = await describeService(ref('checkout-web'))
        return s.circuitBreakerTripped && s
      },
      15 * MIN,
      10_000,
    )
    const bad = failed.deployments.find((d) => d.id === started.deploymentId)
    expect(bad).toMatchObject({ rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' })
    expect(failed.primaryDeployment?.rolloutStateReason).toMatch(/circuit breaker: rolling back/)
    expect(failed.events.some((e) => /deployment failed: tasks failed to start/.test(e.message))).toBe(true)
    const recovered = await eventually(async () => {
      const s = await describeService(ref('checkout-web'))
      return s.deployments.length === 1 && s.primaryDeployment?.rolloutState === 'COMPLETED' && s
    })
    expect(recovered.taskDefinitionArn).toBe(before.taskDefinitionArn)
    expect(recovered.circuitBreakerTripped).toBe(false)
  })

  it('registers a revision with more memory and deploys it, then rolls back to the previous one', async () => {
    const svc = await describeService(ref('catalog-api'))
    const registered = await registerTaskDefinitionFrom(REGION, svc.taskDefinitionArn, { memory: 2048 })
    expect(registered.awsRequestId).toBeTruthy()
    expect(registered.sourceArn).toBe(svc.taskDefinitionArn)
    expect(registered.taskDefinition).toMatchObject({ memory: '2048', family: svc.taskDefinition.split(':')[0] })
    expect(registered.taskDefinition.revision).toBe(Number(svc.taskDefinition.split(':')[1]) + 1)
    expect(registered.taskDefinition.containers[0].image).toBe((await describeTaskDefinition(REGION, svc.taskDefinitionArn)).containers[0].image)

    const deployed = await deployTaskDefinition(ref('catalog-api'), registered.taskDefinition.arn)
    expect(deployed.service.taskDefinitionArn).toBe(registered.taskDefinition.arn)
    await eventually(async () => (await describeService(ref('catalog-api'))).primaryDeployment?.rolloutState === 'COMPLETED')

    const { previous } = await getTaskDefinitionHistory(REGION, registered.taskDefinition.arn)
    expect(previous?.arn).toBe(svc.taskDefinitionArn)
    const rolledBack = await deployTaskDefinition(ref('catalog-api'), previous!.arn)
    expect(rolledBack.service.taskDefinitionArn).toBe(svc.taskDefinitionArn)
  })

  it('maps unknown services, clusters and task definitions to not_found', async () => {
    await expect(updateDesiredCount(ref('ghost-api'), 2)).rejects.toMatchObject({ kind: 'not_found', code: 'ServiceNotFoundException' })
    await expect(describeService(ref('orders-api', 'no-cluster'))).rejects.toMatchObject({ kind: 'not_found', code: 'ClusterNotFoundException' })
    await expect(describeService(ref('ghost-api'))).rejects.toMatchObject({ kind: 'not_found', code: 'ServiceNotFoundException' })
    await expect(deployTaskDefinition(ref('orders-api'), 'orders-api-shop-prod:999')).rejects.toMatchObject({ kind: 'not_found' })
    await expect(describeTaskDefinition(REGION, 'nothing:1')).rejects.toMatchObject({ kind: 'not_found', code: 'ClientException' })
    await expect(updateDesiredCount(ref('orders-api'), -1)).rejects.toMatchObject({ kind: 'invalid' })
  })
})
