import { describe, expect, it } from 'vitest'
import type { FleetHealth, ServiceHealthRow } from './dto'
import { boardBody, boardResponse } from './board-body'
import { decodeBoard, type BoardWire } from './board-wire'

const row = (i: number): ServiceHealthRow => ({
  serviceId: `svc-${i}`,
  name: `svc-${i}`,
  environment: 'PROD',
  region: 'us-east-1',
  cluster: 'shop-prod',
  ecsServiceName: `svc-${i}`,
  team: 'shop',
  status: i === 3 ? 'unknown' : 'healthy',
  reason: '2/2 tasks running; all signals normal',
  findings: [{ level: 'warning', signal: 'cpu', text: 'CPU 72%' }],
  observedAt: '2026-01-01T11:59:50.000Z',
  seen: i !== 3,
  serviceStatus: i === 3 ? null : 'ACTIVE',
  lastKnown: i === 3 ? { status: 'critical', reason: '0/2 tasks running', at: '2026-01-01T11:50:00.000Z' } : null,
  desired: i === 3 ? null : 2,
  running: i === 3 ? null : 2,
  pending: i === 3 ? null : 0,
  cpuPercent: 12.34567,
  memoryPercent: null,
  errorRatePercent: 0.12141747846957504,
  latencyMs: 99,
  hasLoadBalancer: true,
  metricsAt:
    i === 3
      ? null
      : { cpu: '2026-01-01T11:58:00.000Z', memory: null, loadBalancer: '2026-01-01T11:58:00.000Z', errors: null, latency: '2026-01-01T11:57:00.000Z' },
  rolloutState: i === 3 ? null : 'COMPLETED',
})
const health = (over: Partial<FleetHealth> = {}): FleetHealth => ({
  refreshedAt: '2026-01-01T12:00:00.000Z',
  stale: false,
  intervalMs: 10_000,
  services: Array.from({ length: 50 }, (_, i) => row(i)),
  errors: [],
  blind: false,
  ...over,
})

describe('boardResponse', () => {
  it('sends the snapshot without findings, and 304 to a client holding it', async () => {
    const body = boardBody(health())
    const res = boardResponse(body, new Headers())
    expect(res.headers.get('cache-control')).toBe('private, no-cache, no-transform')
    const text = await res.text()
    const sent = decodeBoard(JSON.parse(text) as BoardWire)
    expect(sent.services).toHaveLength(50)
    // Every row as it was, but its findings; nulls and nested values too.
    sent.services.forEach((r, i) => {
      const { findings: _findings, ...expected } = row(i)
      expect(r).toStrictEqual(expected)
    })
    expect(sent.refreshedAt).toBe('2026-01-01T12:00:00.000Z')
    // Each key named once, not once per row.
    expect(text.split('"observedAt"')).toHaveLength(2)

    const etag = res.headers.get('etag')!
    const again = boardResponse(body, new Headers({ 'if-none-match': `W/${etag}` }))
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
  })

  it('names each snapshot differently: a new refresh, or the same one turning stale, is sent again', () => {
    const a = boardBody(health()).etag
    expect(boardBody(health({ refreshedAt: '2026-01-01T12:00:10.000Z' })).etag).not.toBe(a)
    expect(boardBody(health({ stale: true })).etag).not.toBe(a)
    const res = boardResponse(boardBody(health({ stale: true })), new Headers({ 'if-none-match': a }))
    expect(res.status).toBe(200)
  })
})
