import { describe, expect, it } from 'vitest'
import type { FleetHealth, ServiceHealthRow } from './dto'
import { boardBody, boardResponse } from './board-body'

const row = (i: number) =>
  ({
    serviceId: `svc-${i}`,
    name: `svc-${i}`,
    status: 'healthy',
    reason: 'all signals normal',
    findings: [{ level: 'info', signal: 'cpu', text: 'CPU 12%' }],
  }) as unknown as ServiceHealthRow
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
    const sent = JSON.parse(await res.text()) as FleetHealth
    expect(sent.services).toHaveLength(50)
    expect(sent.services[0]).toEqual({ serviceId: 'svc-0', name: 'svc-0', status: 'healthy', reason: 'all signals normal' })
    expect(sent.refreshedAt).toBe('2026-01-01T12:00:00.000Z')

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
