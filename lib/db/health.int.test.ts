import { describe, expect, it } from 'vitest'
import { freePort } from './embedded'
import { createDbClient } from './create-client'
import { checkDatabase } from './health'

describe('checkDatabase', () => {
  it('reports the database up with its latency', async () => {
    const health = await checkDatabase()
    expect(health.status).toBe('up')
    if (health.status === 'up') expect(health.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('reports a database nobody answers for as down, with the reason, without hanging', async () => {
    const unreachable = createDbClient(`postgresql://nobody:nothing@127.0.0.1:${await freePort()}/none`, { max: 1 })
    const started = Date.now()
    const health = await checkDatabase(1500, unreachable)
    expect(health.status).toBe('down')
    expect(Date.now() - started).toBeLessThan(5000)
    await unreachable.$disconnect()
  })
})
