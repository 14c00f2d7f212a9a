// npm run bench:alerts — an alarm storm through SNS. 200 production services (BENCH_SERVICES),
// three CloudWatch alarms each; BENCH_PER_MINUTE (1,000) alarm state changes a minute for
// BENCH_SECONDS (120), each a signed SNS Notification POSTed over HTTP to /api/alerts/sns,
// sent on schedule whatever the answers (open loop), the service and alarm chosen at random
// (seeded) and each alarm alternating ALARM → OK → ALARM, as CloudWatch sends them.
//
// The receiver is the app's own route handler (`snsReceiver()` from lib/alerts/receive.ts,
// what app/api/alerts/sns/route.ts exports) behind a plain Node HTTP server in this process,
// against real embedded Postgres, like bench:remediation (hence --conditions=react-server).
// It is not the built app because the app trusts only certificates fetched from
// sns.<region>.amazonaws.com: the bench makes its own key and certificate (openssl) and hands
// the certificate to the receiver through the test seam `setCertificateFetcher`, so
// production keeps its rule. Signature checks, the topic allow-list, replay refusal,
// ingestion, the per-service lock, auto-declare and runbook start all run as in the app.
//
// Measured, observed in Postgres (a poller every 25 ms, so figures carry up to 25 ms of it):
//   latency: from a POST's send to the moment its payload row is there with its alert
//            attached to an incident (declared or joined); p50/p95, target p95 < 2 s;
//   lost:    POSTs not answered 200, and accepted alarms whose alert never reached an
//            incident within BENCH_GRACE_MS (10 s) after the storm;
//   duplicate incidents: incidents beyond one per service;
//   compression: accepted alarm notifications per incident.
// BENCH_ASYNC_COMMIT=1 runs with synchronous_commit off, to show how much of the latency is
// the disk flushing each commit (on a busy shared disk, most of it).
// Ends with: bench:alerts posts=… p95_ms=… lost=… duplicate_incidents=… compression=…
import { execFileSync } from 'node:child_process'
import { createSign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBench } from './lib/bench'
import { percentile } from './lib/session'

const serviceCount = Number(process.env.BENCH_SERVICES ?? 200)
const perMinute = Number(process.env.BENCH_PER_MINUTE ?? 1_000)
const seconds = Number(process.env.BENCH_SECONDS ?? 120)
const graceMs = Number(process.env.BENCH_GRACE_MS ?? 10_000)
const alarmsPerService = 3
const targetP95Ms = 2_000
const region = 'us-east-1'
const account = '123456789012'
const cluster = 'bench-prod'
const TOPIC = `arn:aws:sns:${region}:${account}:${cluster}-alerts`
const CERT_URL = `https://sns.${region}.amazonaws.com/SimpleNotificationService-bench.pem`

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A small seeded generator (mulberry32), so every run sends the same storm. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function makeKeyPair() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-alerts-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=sns.amazonaws.com',
      ],
      {
        stdio: 'ignore',
      },
    )
    return { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert: readFileSync(join(dir, 'c.pem'), 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Serves one web handler (Request → Response) on a free local port. */
async function serveHandler(path: string, handler: (req: Request) => Promise<Response>) {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      try {
        if (req.method !== 'POST' || req.url !== path) {
          res.writeHead(404).end()
          return
        }
        const answer = await handler(
          new Request(`http://localhost${path}`, {
            method: 'POST',
            headers: { 'content-type': req.headers['content-type'] ?? '' },
            body: Buffer.concat(chunks),
          }),
        )
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
      } catch (err) {
        res.writeHead(500).end(String(err))
      }
    })
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, close: () => new Promise((r) => server.close(r)) }
}

runBench(
  'alerts',
  async ({ log, databaseUrl, db, onStop }) => {
    process.env.DATABASE_URL = databaseUrl
    if (process.env.BENCH_ASYNC_COMMIT === '1') await db.$executeRawUnsafe('ALTER DATABASE bench SET synchronous_commit = off')
    process.env.NEXTAUTH_SECRET ??= 'bench-secret-0123456789abcdefghijklmnop'
    process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent'
    // The app's modules read configuration at import: load them after it is set.
    const { snsReceiver } = await import('../lib/alerts/receive')
    const { setCertificateFetcher, stringToSign } = await import('../lib/alerts/sns')
    const { createIntegration } = await import('../lib/alerts/mutations')
    const { logger } = await import('../lib/logger')
    const { db: appDb } = await import('../lib/db/client')
    onStop(() => appDb.$disconnect())

    const pair = makeKeyPair()
    setCertificateFetcher(async (url) => {
      if (url === CERT_URL) return pair.cert
      throw new Error('no such certificate')
    })
    const names = Array.from({ length: serviceCount }, (_, i) => `svc-${String(i).padStart(3, '0')}`)
    await db.service.createMany({
      data: names.map((name) => ({ name, environment: 'PROD' as const, region, cluster, ecsServiceName: name, team: 'bench' })),
    })
    const serviceIds = new Map((await db.service.findMany({ select: { id: true, name: true } })).map((s) => [s.name, s.id]))
    const admin = await db.user.create({
      data: { email: 'bench-admin@example.com', name: 'Bench', role: 'ADMIN' },
      select: { id: true, email: true, name: true, role: true },
    })
    await createIntegration({ actor: admin, requestId: 'bench', log: logger }, { kind: 'SNS', name: 'bench', topicArns: [TOPIC] })

    const receiver = await serveHandler('/api/alerts/sns', snsReceiver())
    onStop(receiver.close)

    let seq = 0
    const message = (svc: string, alarm: number, state: 'ALARM' | 'OK', at = new Date()) => {
      const name = `prod-${svc}-unhealthy-${alarm}`
      const m: Record<string, string> = {
        Type: 'Notification',
        MessageId: `bench-${++seq}-${at.getTime()}`,
        TopicArn: TOPIC,
        Subject: `${state}: "${name}" in US East (N. Virginia)`,
        Message: JSON.stringify({
          AlarmName: name,
          AlarmArn: `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`,
          AWSAccountId: account,
          NewStateValue: state,
          NewStateReason: `Threshold Crossed: 1 datapoint [${state === 'ALARM' ? 2 : 0}.0] was ${state === 'ALARM' ? 'greater than or equal to' : 'less than'} the threshold (1.0).`,
          StateChangeTime: at.toISOString(),
          Trigger: {
            MetricName: 'UnHealthyHostCount',
            Threshold: 1,
            Dimensions: [
              { name: 'ClusterName', value: cluster },
              { name: 'ServiceName', value: svc },
            ],
          },
        }),
        Timestamp: at.toISOString(),
        SignatureVersion: '2',
        SigningCertURL: CERT_URL,
        Signature: '',
      }
      const signer = createSign('RSA-SHA256')
      signer.update(stringToSign(m as unknown as Parameters<typeof stringToSign>[0]), 'utf8')
      m.Signature = signer.sign(pair.key, 'base64')
      return m
    }

    // Warm-up, not measured: one DEV service's alarm opens connections and loads the modules (DEV goes to the inbox).
    await db.service.create({ data: { name: 'warm', environment: 'DEV', region, cluster: 'bench-dev', ecsServiceName: 'warm', team: 'bench' } })
    const warm = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(message('warm', 0, 'ALARM')) })
    if (!warm.ok) return `warm-up POST answered ${warm.status}: ${await warm.text()}`

    const total = Math.round((perMinute * seconds) / 60)
    const gapMs = 60_000 / perMinute
    const rand = random(15)
    const firing = new Map<string, boolean>()
    const sentAt = new Map<string, number>()
    const attachedAt = new Map<string, number>()
    const refused: string[] = []
    const answerMs: number[] = []
    let accepted = 0
    log(`${total} signed alarm state changes over ${seconds} s (${perMinute}/min) across ${serviceCount} services, ${alarmsPerService} alarms each…`)

    // The observer: payloads whose alert is attached to an incident, as Postgres has them.
    let storming = true
    let observeUntil = Infinity
    const observer = (async () => {
      while (storming || sentAt.size > attachedAt.size) {
        const pending = [...sentAt.keys()].filter((id) => !attachedAt.has(id))
        if (pending.length) {
          const rows = await db.$queryRaw<{ messageId: string }[]>`
            SELECT p."messageId" FROM "AlertPayload" p JOIN "Alert" a ON a.id = p."alertId"
            WHERE p."messageId" = ANY(${pending}::text[]) AND a."incidentId" IS NOT NULL`
          const seen = performance.now()
          for (const r of rows) attachedAt.set(r.messageId, seen)
        }
        if (!storming && performance.now() > observeUntil) break
        await sleep(25)
      }
    })()

    // Signed before the storm, each dated when it is due: the sender's signing is not the receiver's cost.
    const epoch = Date.now() + 1_000
    const plan = Array.from({ length: total }, (_, i) => {
      const svc = names[Math.floor(rand() * serviceCount)]
      const alarm = Math.floor(rand() * alarmsPerService)
      const key = `${svc}/${alarm}`
      const state = firing.get(key) ? 'OK' : 'ALARM'
      firing.set(key, state === 'ALARM')
      return message(svc, alarm, state, new Date(epoch + i * gapMs))
    })
    const started = performance.now() + (epoch - Date.now())
    const posts: Promise<void>[] = []
    for (let i = 0; i < total; i++) {
      const due = started + i * gapMs
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
      const m = plan[i]
      const id = `sns:${m.MessageId}`
      const t0 = performance.now()
      posts.push(
        fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: JSON.stringify(m) })
          .then(async (res) => {
            const body = await res.text()
            answerMs.push(performance.now() - t0)
            if (res.status === 200 && body.includes('"ACCEPTED"')) {
              accepted++
              sentAt.set(id, t0)
            } else refused.push(`${res.status} ${body.slice(0, 200)}`)
          })
          .catch((err: Error) => void refused.push(`no answer: ${err.message}`)),
      )
    }
    const sentFor = (performance.now() - started) / 1000
    await Promise.all(posts)
    storming = false
    observeUntil = performance.now() + graceMs
    await observer

    const latencies = [...attachedAt.entries()].map(([id, at]) => at - sentAt.get(id)!).sort((a, b) => a - b)
    const unattached = sentAt.size - attachedAt.size
    const lost = refused.length + unattached
    const perService = await db.$queryRaw<{ serviceId: string; n: bigint }[]>`
      SELECT s."serviceId", count(*) AS n FROM "IncidentService" s GROUP BY s."serviceId"`
    const incidents = await db.incident.count()
    const duplicates = perService.reduce((sum, r) => sum + Number(r.n) - 1, 0)
    const stormed = new Set([...firing.keys()].map((k) => serviceIds.get(k.split('/')[0])))
    const withoutIncident = [...stormed].filter((id) => !perService.some((r) => r.serviceId === id)).length
    const alerts = await db.alert.count({ where: { serviceId: { in: [...stormed].filter((x): x is string => !!x) } } })
    const runbooks = await db.runbookRun.count()
    const p50 = Math.round(percentile(latencies, 50))
    const p95 = Math.round(percentile(latencies, 95))
    const max = Math.round(latencies.at(-1) ?? 0)
    const compression = incidents ? accepted / incidents : 0

    log(`sent ${total} POSTs in ${sentFor.toFixed(1)} s; accepted ${accepted}, refused or unanswered ${refused.length}`)
    if (refused.length) log(`first refusals: ${refused.slice(0, 3).join(' | ')}`)
    answerMs.sort((a, b) => a - b)
    log(`POST answered: p50 ${Math.round(percentile(answerMs, 50))} ms, p95 ${Math.round(percentile(answerMs, 95))} ms`)
    log(`accepted → declared or attached (in Postgres): p50 ${p50} ms, p95 ${p95} ms, max ${max} ms; never attached: ${unattached}`)
    log(`${incidents} incidents for ${stormed.size} services stormed (${withoutIncident} without one), ${runbooks} runbooks started; ${alerts} distinct alerts`)
    log(`compression: ${accepted} alarm notifications → ${incidents} incidents (${compression.toFixed(1)}:1)`)
    console.log(`bench:alerts posts=${total} p95_ms=${p95} lost=${lost} duplicate_incidents=${duplicates} compression=${compression.toFixed(1)}`)

    const failures = [
      p95 >= targetP95Ms ? `p95 ${p95} ms is not under ${targetP95Ms} ms` : '',
      lost ? `${lost} alerts lost` : '',
      duplicates ? `${duplicates} duplicate incidents` : '',
      withoutIncident ? `${withoutIncident} stormed services without an incident` : '',
    ].filter(Boolean)
    return failures.length ? failures.join('; ') : undefined
  },
  { dbConnections: 2 },
)
