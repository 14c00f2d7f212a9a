import { spawn } from 'node:child_process'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createLeadership, LEADERSHIP_LOCK_SQL, runWhileLeader, type Leadership } from './leadership'

// Each Leadership stands for one app instance: its own connection to one database.
const url = inject('databaseUrl')
const started: Leadership[] = []
const lead = (name: string) => {
  const l = createLeadership(name, { connectionString: url, checkTimeoutMs: 2_000 })
  started.push(l)
  return l
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function admin<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query<T>(sql, params)).rows
  } finally {
    await c.end()
  }
}

afterAll(async () => {
  await Promise.all(started.map((l) => l.stop()))
})

describe('leadership through a session advisory lock', () => {
  it('two instances contend: exactly one leads, and keeps leading while its session lives', async () => {
    const a = lead('t-contend')
    const b = lead('t-contend')
    const first = await Promise.all([a.check(), b.check()])
    expect(first.filter(Boolean)).toHaveLength(1)
    for (let i = 0; i < 5; i++) expect(await Promise.all([a.check(), b.check()])).toEqual(first)
    // Another name is another leadership: both may lead that one independently.
    expect(await lead('t-contend-other').check()).toBe(true)
  })

  it('ticks run on one instance at a time; when the leader stops, the other takes over', async () => {
    const a = lead('t-ticks')
    const b = lead('t-ticks')
    const ticks: string[] = []
    let active = 0
    let overlapped = false
    const tick = (who: string) => async () => {
      if (++active > 1) overlapped = true
      ticks.push(who)
      await sleep(10)
      active--
    }
    const loopA = runWhileLeader(a, tick('a'), { everyMs: 30 })
    await sleep(100)
    const loopB = runWhileLeader(b, tick('b'), { everyMs: 30 })
    await sleep(400)
    expect(new Set(ticks)).toEqual(new Set(['a']))
    await loopA.stop()
    await a.stop()
    const handover = ticks.length
    await sleep(400)
    await loopB.stop()
    expect(ticks.slice(handover)).toContain('b')
    expect(ticks.slice(handover)).not.toContain('a')
    expect(overlapped).toBe(false)
  })

  it("the leader's connection killed: the other instance takes over, and the old leader stops leading", async () => {
    const a = lead('t-killed')
    const b = lead('t-killed')
    expect(await a.check()).toBe(true)
    expect(await b.check()).toBe(false)
    const name = `incident-command leader t-killed ${a.holder.slice(0, 8)}`
    // Waits (up to 5 s) until the session is gone, as Postgres ends it.
    const killed = await admin<{ ok: boolean }>(`SELECT pg_terminate_backend(pid, 5000) AS ok FROM pg_stat_activity WHERE application_name = $1`, [name])
    expect(killed).toEqual([{ ok: true }])
    expect(await admin(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [name])).toEqual([])
    // Postgres freed the lock with the session: the other instance takes it at its next check,
    // and the old leader, at its next, finds its session gone and does not lead.
    expect(await b.check()).toBe(true)
    expect(await a.check()).toBe(false)
    expect(a.isLeader()).toBe(false)
    expect(await a.check()).toBe(false)
  })

  it("the leader's process dies: Postgres frees the lock and the other instance takes over within a check", async () => {
    // A separate process takes the lock, says so, and is killed without any chance to let it go.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import pg from 'pg'
         const c = new pg.Client({ connectionString: process.argv[1] })
         await c.connect()
         const { rows } = await c.query(${JSON.stringify(LEADERSHIP_LOCK_SQL)}, ['t-died'])
         console.log(rows[0].ok ? 'leading' : 'not leading')
         setInterval(() => {}, 1000)`,
        url,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const said = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())))
    expect(said).toBe('leading')
    const b = lead('t-died')
    expect(await b.check()).toBe(false)
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    let tookOverAfter = -1
    for (let i = 0; i < 50 && tookOverAfter < 0; i++) {
      if (await b.check()) tookOverAfter = i
      else await sleep(100)
    }
    expect(tookOverAfter).toBeGreaterThanOrEqual(0)
    expect(tookOverAfter).toBeLessThan(20)
  })
})
