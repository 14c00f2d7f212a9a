// CloudWatch and the metric scheme through the real SDK (JSON protocol, query-compatible errors).
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { alarmWatches, getServiceMetrics, listAlarms, loadBalancerDimension, targetGroupDimension, toAlarmSummary } from './cloudwatch'
import { toAwsError } from './errors'
import type { SimulatorHandle } from '@/lib/simulator'
import { REGION, sdkConfig, startTestSimulator, stopTestSimulator } from './testing'

let sim: SimulatorHandle
const MIN = 60_000
const ORDERS_TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-prod-orders-api/0123456789abcdef'

const lastMinutes = (n: number, periodSeconds = 60) => ({ start: new Date(sim.now() - n * MIN), end: new Date(sim.now()), periodSeconds })

beforeAll(async () => {
  ;({ sim } = await startTestSimulator())
})
afterAll(async () => stopTestSimulator(sim))
beforeEach(() => {
  sim.scenarios.clear()
  sim.calls.reset()
})

describe('getServiceMetrics', () => {
  it('returns ECS and ALB series for a service behind a load balancer, and ECS only for a worker', async () => {
    const metrics = await getServiceMetrics(
      REGION,
      [
        { key: 'orders', cluster: 'shop-prod', service: 'orders-api', targetGroupArn: ORDERS_TG },
        { key: 'worker', cluster: 'shop-prod', service: 'inventory-worker' },
      ],
      lastMinutes(30),
    )
    const orders = metrics.orders
    expect(orders.points).toHaveLength(30)
    expect(orders.points[0].t).toBeLessThan(orders.points[29].t)
    for (const p of orders.points) {
      expect(p.cpuPercent).toBeGreaterThan(0)
      expect(p.cpuPercent).toBeLessThan(70)
      expect(p.memoryPercent).toBeGreaterThan(20)
      expect(p.requests).toBeGreaterThan(100)
      expect(p.errorRatePercent).toBeLessThan(1)
      expect(p.latencyMs).toBeLessThan(500)
      expect(p.unhealthyTargets).toBe(0)
    }
    expect(orders.latest.cpuPercent).toBe(orders.points[29].cpuPercent)
    const worker = metrics.worker
    expect(worker.points).toHaveLength(30)
    expect(worker.latest).toMatchObject({ requests: null, errorRatePercent: null, latencyMs: null })
    // One DescribeTargetGroups to find the load balancer, one GetMetricData for everything.
    expect(sim.calls.counts().byOperation).toEqual({ 'cloudwatch:GetMetricData': 1, 'elbv2:DescribeTargetGroups': 1 })
  })

  it('aggregates to longer periods', async () => {
    const { orders } = await getServiceMetrics(
      REGION,
      [{ key: 'orders', cluster: 'shop-prod', service: 'orders-api', targetGroupArn: ORDERS_TG }],
      lastMinutes(60, 300),
    )
    expect(orders.periodSeconds).toBe(300)
    expect(orders.points).toHaveLength(12)
    expect(orders.points[1].t - orders.points[0].t).toBe(5 * MIN)
  })

  it('shows scenarios: CPU spike, 5xx spike and slow responses', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'cpu_spike' })
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'error_spike' })
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'slow_responses' })
    sim.advance(3 * MIN)
    const { orders } = await getServiceMetrics(
      REGION,
      [{ key: 'orders', cluster: 'shop-prod', service: 'orders-api', targetGroupArn: ORDERS_TG }],
      lastMinutes(10),
    )
    expect(orders.latest.cpuPercent).toBeGreaterThan(85)
    expect(orders.latest.errorRatePercent).toBeGreaterThan(5)
    expect(orders.latest.latencyMs).toBeGreaterThan(1000)
    // Earlier minutes in the window were normal.
    expect(orders.points[0].cpuPercent).toBeLessThan(70)
  })

  it('rejects 501 queries in one call with ValidationError, as CloudWatch does', async () => {
    const cw = new CloudWatchClient(sdkConfig(sim))
    const queries: MetricDataQuery[] = Array.from({ length: 501 }, (_, i) => ({
      Id: `q${i}`,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ECS',
          MetricName: 'CPUUtilization',
          Dimensions: [
            { Name: 'ClusterName', Value: 'shop-prod' },
            { Name: 'ServiceName', Value: 'orders-api' },
          ],
        },
        Period: 60,
        Stat: 'Average',
      },
    }))
    const err = await cw
      .send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(sim.now() - 10 * MIN), EndTime: new Date(sim.now()) }))
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ Code: 'ValidationError', $metadata: { httpStatusCode: 400 } })
    expect((err as Error).message).toMatch(/must not have a size greater than 500/)
    expect(toAwsError(err, 'cloudwatch:GetMetricData').kind).toBe('invalid')
    // 500 exactly is fine.
    const ok = await cw.send(
      new GetMetricDataCommand({ MetricDataQueries: queries.slice(0, 500), StartTime: new Date(sim.now() - 5 * MIN), EndTime: new Date(sim.now()) }),
    )
    expect(ok.MetricDataResults).toHaveLength(500)
    cw.destroy()
  })

  it('pages GetMetricData with NextToken when MaxDatapoints is reached', async () => {
    const cw = new CloudWatchClient(sdkConfig(sim))
    const metric = (name: string) => ({
      Namespace: 'AWS/ECS',
      MetricName: name,
      Dimensions: [
        { Name: 'ClusterName', Value: 'shop-prod' },
        { Name: 'ServiceName', Value: 'orders-api' },
      ],
    })
    const input = {
      MetricDataQueries: [
        { Id: 'cpu', MetricStat: { Metric: metric('CPUUtilization'), Period: 60, Stat: 'Average' } },
        { Id: 'mem', MetricStat: { Metric: metric('MemoryUtilization'), Period: 60, Stat: 'Average' } },
      ],
      StartTime: new Date(sim.now() - 30 * MIN),
      EndTime: new Date(sim.now()),
      ScanBy: 'TimestampAscending' as const,
      MaxDatapoints: 40,
    }
    const first = await cw.send(new GetMetricDataCommand(input))
    expect(first.MetricDataResults!.map((r) => [r.Id, r.Values!.length, r.StatusCode])).toEqual([
      ['cpu', 30, 'Complete'],
      ['mem', 10, 'PartialData'],
    ])
    const second = await cw.send(new GetMetricDataCommand({ ...input, NextToken: first.NextToken }))
    expect(second.MetricDataResults!.map((r) => [r.Id, r.Values!.length])).toEqual([['mem', 20]])
    expect(second.NextToken).toBeUndefined()
    expect(second.MetricDataResults![0].Timestamps![0].getTime()).toBe(first.MetricDataResults![1].Timestamps![9].getTime() + MIN)
    cw.destroy()
  })

  it('accepts gzip-compressed request bodies', async () => {
    const body = JSON.stringify({
      StartTime: (sim.now() - 5 * MIN) / 1000,
      EndTime: sim.now() / 1000,
      MetricDataQueries: [
        {
          Id: 'c',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ECS',
              MetricName: 'CPUUtilization',
              Dimensions: [
                { Name: 'ClusterName', Value: 'shop-prod' },
                { Name: 'ServiceName', Value: 'orders-api' },
              ],
            },
            Period: 60,
            Stat: 'Maximum',
          },
        },
      ],
    })
    const res = await fetch(sim.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'content-encoding': 'gzip',
        'x-amz-target': 'GraniteServiceVersion20100801.GetMetricData',
        'x-amzn-query-mode': 'true',
      },
      body: gzipSync(body),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy()
    const json = (await res.json()) as { MetricDataResults: { Values: number[]; Timestamps: number[] }[] }
    expect(json.MetricDataResults[0].Values).toHaveLength(5)
    expect(typeof json.MetricDataResults[0].Timestamps[0]).toBe('number')
  })

  it('dimension helpers', () => {
    expect(targetGroupDimension(ORDERS_TG)).toBe('targetgroup/shop-prod-orders-api/0123456789abcdef')
    expect(loadBalancerDimension('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-prod/50dc6c495c0c9188')).toBe(
      'app/shop-prod/50dc6c495c0c9188',
    )
  })
})

describe('listAlarms', () => {
  it('reads every page and follows the metrics into ALARM', async () => {
    sim.scenarios.inject({ cluster: 'shop-prod', service: 'payments-api', scenario: 'cpu_spike' })
    sim.advance(4 * MIN)
    const alarms = await listAlarms(REGION)
    // 12 services: 3 ECS alarms each, 3 more for the 9 behind a load balancer.
    expect(alarms).toHaveLength(12 * 3 + 9 * 3)
    expect(sim.calls.counts().byOperation['cloudwatch:DescribeAlarms']).toBe(1)
    const cpu = alarms.find((a) => a.name === 'shop-prod-payments-api-cpu-high')!
    expect(cpu).toMatchObject({ state: 'ALARM', namespace: 'AWS/ECS', metricName: 'CPUUtilization', threshold: 85 })
    expect(cpu.stateReason).toMatch(/Threshold Crossed/)
    expect(alarms.filter((a) => a.state === 'ALARM').map((a) => a.name)).toEqual(['shop-prod-payments-api-cpu-high'])
    const firing = await listAlarms(REGION, { state: 'ALARM' })
    expect(firing.map((a) => a.name)).toEqual(['shop-prod-payments-api-cpu-high'])
    const ordersTg = alarms.find((a) => a.name === 'shop-prod-orders-api-5xx-errors')!
    expect(alarmWatches(ordersTg, { cluster: 'shop-prod', service: 'orders-api', targetGroupArn: ORDERS_TG })).toBe(true)
    expect(alarmWatches(cpu, { cluster: 'shop-prod', service: 'orders-api' })).toBe(false)
  })

  it('matches a metric-math alarm to its service through the dimensions of the metrics it combines', () => {
    // The shape DescribeAlarms returns for a metric-math alarm: no MetricName or Dimensions of its own.
    const tg = { Name: 'TargetGroup', Value: targetGroupDimension(ORDERS_TG) }
    const lb = { Name: 'LoadBalancer', Value: 'app/shop-prod/0123456789abcdef' }
    const rate = toAlarmSummary({
      AlarmName: 'orders 5xx rate',
      StateValue: 'ALARM',
      Metrics: [
        { Id: 'e1', Expression: '100 * m1 / m2', ReturnData: true },
        {
          Id: 'm1',
          MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: [lb, tg] }, Period: 60, Stat: 'Sum' },
          ReturnData: false,
        },
        {
          Id: 'm2',
          MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [lb, tg] }, Period: 60, Stat: 'Sum' },
          ReturnData: false,
        },
      ],
    })
    expect(rate.dimensions).toEqual({})
    expect(alarmWatches(rate, { cluster: 'shop-prod', service: 'orders-api', targetGroupArn: ORDERS_TG })).toBe(true)
    expect(alarmWatches(rate, { cluster: 'shop-prod', service: 'orders-api', targetGroupArns: [ORDERS_TG] })).toBe(true)
    expect(alarmWatches(rate, { cluster: 'shop-prod', service: 'payments-api' })).toBe(false)
    const ecsMath = toAlarmSummary({
      AlarmName: 'orders cpu+mem',
      Metrics: [
        { Id: 'e1', Expression: 'MAX([m1, m2])' },
        {
          Id: 'm1',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ECS',
              MetricName: 'CPUUtilization',
              Dimensions: [
                { Name: 'ClusterName', Value: 'shop-prod' },
                { Name: 'ServiceName', Value: 'orders-api' },
              ],
            },
            Period: 60,
            Stat: 'Average',
          },
        },
      ],
    })
    expect(alarmWatches(ecsMath, { cluster: 'shop-prod', service: 'orders-api' })).toBe(true)
    expect(alarmWatches(ecsMath, { cluster: 'shop-dev', service: 'orders-api' })).toBe(false)
  })

  it('validates MaxRecords like CloudWatch', async () => {
    const { CloudWatchClient: Client, DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch')
    const cw = new Client(sdkConfig(sim))
    await expect(cw.send(new DescribeAlarmsCommand({ MaxRecords: 101 }))).rejects.toMatchObject({ Code: 'ValidationError' })
    const page = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 5 }))
    expect(page.MetricAlarms).toHaveLength(5)
    expect(page.NextToken).toBeTruthy()
    const next = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 5, NextToken: page.NextToken }))
    expect(next.MetricAlarms![0].AlarmName! > page.MetricAlarms![4].AlarmName!).toBe(true)
    await expect(cw.send(new DescribeAlarmsCommand({ NextToken: 'garbage' }))).rejects.toMatchObject({ name: 'InvalidNextToken' })
    cw.destroy()
  })
})
