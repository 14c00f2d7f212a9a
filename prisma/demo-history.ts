// Demo history: about 90 days of past incidents on the demo fleet, with realistic
// timelines, post-mortems and action items, so the dashboard means something on a
// first start. Only the demo seed calls it (never a user's own database), once:
// an AppMeta marker written in the same transaction makes a second call a no-op.
// Bulk inserts only (createMany and one UPDATE), well under a second.
//
// Every incident is resolved: the history never puts an open incident on anyone's
// board. Response times improve over the period (the team got better), and a few
// incidents miss their targets, reopen, or leave a post-mortem overdue.
import { presetRange } from '../lib/dashboard/range'
import type { DbClient } from '../lib/db/create-client'
import type { Prisma } from '../lib/db/generated/client'
import type { Environment, Severity } from '../lib/db/generated/enums'
import { formatMinutes } from '../lib/incidents/policy'
import { postMortemDueAt } from '../lib/postmortems/due'

export const DEMO_HISTORY_KEY = 'demo_history_seeded_at'
const DAYS = 90
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

type Scenario = {
  services: { name: string; environment: Environment }[]
  severity: Severity
  /** How often it happens, relative to the others. */
  weight: number
  title: string
  impact: string
  snapshot: { status: 'critical' | 'degraded'; reason: string }
  notes: string[]
  remediation?: string
  resolution: string
  rootCause: string
  detection: string
  response: string
  prevention: string
  lessons: string
  actions: string[]
}

const prod = (name: string) => ({ name, environment: 'PROD' as const })
const dev = (name: string) => ({ name, environment: 'DEV' as const })

// Written for this demo: a shop on ECS with its usual failures.
const scenarios: Scenario[] = [
  {
    services: [prod('orders-api')],
    severity: 'SEV2',
    weight: 5,
    title: 'Orders API tasks restarting after a release',
    impact: 'Roughly 40% of order submissions failed with 502 errors',
    snapshot: { status: 'critical', reason: '1/4 tasks running; tasks exit with code 1 shortly after start' },
    notes: [
      'Stopped tasks all show exit code 1 within 20 seconds of starting.',
      'The log says a required setting ORDERS_QUEUE_URL is missing.',
      'The release went out 12 minutes before the first alarm.',
    ],
    remediation: 'Rolled back orders-api in prod to the previous task definition: succeeded',
    resolution: 'Rolled back to the previous task definition; all four tasks steady for 15 minutes.',
    rootCause:
      'The release read a configuration key that was only defined in staging. In production the process could not find it and exited during start-up, so ECS kept replacing the tasks.',
    detection: 'The unhealthy-targets alarm fired about 3 minutes after the deployment started; customers had already begun to see errors.',
    response:
      'The runbook for restart loops pointed straight at the stopped-task exit codes. The rollback needed a second approval, which took a few minutes to find on a Friday afternoon.',
    prevention: 'Check every required setting when the image is built and again before traffic shifts.',
    lessons: 'A deployment that passes in staging proves little about production configuration.',
    actions: [
      'Fail the pipeline when a required setting is missing for the target environment',
      'Add a start-up smoke test with production settings',
      'Enable the deployment circuit breaker on orders-api',
    ],
  },
  {
    services: [prod('inventory-worker')],
    severity: 'SEV3',
    weight: 5,
    title: 'Inventory worker stopped by the out-of-memory killer',
    impact: 'Stock levels lagged by up to 40 minutes; a handful of items were oversold',
    snapshot: { status: 'critical', reason: 'Recent tasks stopped with OutOfMemoryError (exit 137)' },
    notes: ['Memory climbs steadily to 100% during the nightly supplier import.', 'Exit code 137 on the last three stopped tasks.'],
    remediation: 'Raised memory of inventory-worker in prod from 1024 MB to 2048 MB: succeeded',
    resolution: 'Raised the memory limit to 2 GB and restarted the worker; the backlog drained in 25 minutes.',
    rootCause:
      'The supplier import read the whole feed file into memory. The feed doubled in size after a new supplier joined, and the worker ran past its 1 GB limit.',
    detection: 'The memory alarm at 90% fired, but only after the first task had been killed; the stock-lag graph showed the impact first.',
    response: 'Raising memory from the console was quick. Nobody knew the feed had grown, so the first hour went into looking for a leak.',
    prevention: 'Process supplier feeds as a stream and cap the size of one batch.',
    lessons: 'Inputs that grow with the business need their own limits and alarms.',
    actions: ['Stream supplier feeds instead of loading them whole', 'Alarm on worker memory above 80% for 10 minutes'],
  },
  {
    services: [prod('payments-api'), prod('checkout-web')],
    severity: 'SEV1',
    weight: 2,
    title: 'Card payments failing at checkout',
    impact: 'Every card payment failed; no order could be completed',
    snapshot: { status: 'critical', reason: '5xx rate 62% on payments-api' },
    notes: [
      'All calls to the payment provider fail with a TLS handshake error.',
      'The provider announced a certificate change for today.',
      'Our image pins the provider certificate chain.',
    ],
    remediation: 'Forced a new deployment of payments-api in prod: succeeded',
    resolution: 'Updated the trusted certificate bundle and redeployed payments-api; payments succeed again.',
    rootCause:
      'payments-api trusted only a pinned copy of the provider certificate chain. The provider rotated to a new intermediate certificate and every handshake failed.',
    detection: 'The 5xx alarm on payments-api fired within 2 minutes; support had tickets within 5.',
    response: 'The incident was declared SEV1 at once and updates went out every 15 minutes. Finding the pinned bundle in the image took longest.',
    prevention: 'Trust the system certificate store and follow the provider announcements.',
    lessons: 'Pinning protects against little and breaks on every rotation.',
    actions: [
      'Stop pinning the payment provider certificate chain',
      'Subscribe the on-call channel to the provider status feed',
      'Add a synthetic payment check every minute',
    ],
  },
  {
    services: [prod('checkout-web'), prod('orders-api')],
    severity: 'SEV2',
    weight: 4,
    title: 'Checkout timing out: database connections exhausted',
    impact: 'About 60% of checkouts timed out at peak',
    snapshot: { status: 'degraded', reason: 'Target response time 2.4 s; 5xx 3.1%' },
    notes: [
      'Connection pool at 20/20 on every task.',
      'pg_stat_activity shows 14 long-running report queries from the same role.',
      'Killed the report queries; connections dropping.',
    ],
    remediation: 'Forced a new deployment of orders-api in prod: succeeded',
    resolution: 'Cancelled the long-running report queries and restarted the tasks to reset their pools.',
    rootCause:
      'A new finance report ran heavy queries on the primary database with the application role. Each held a pooled connection for minutes, starving checkout.',
    detection: 'Latency alarms fired after 6 minutes; the pool metric had no alarm.',
    response: 'The database runbook had the right query. Working out who owned the report took 20 minutes.',
    prevention: 'Reports go to the replica with their own role and a statement timeout.',
    lessons: 'Shared roles hide who is using the database.',
    actions: [
      'Move finance reports to the read replica',
      'Set a 30 s statement timeout for the application role',
      'Alarm when the connection pool is above 90% for 5 minutes',
    ],
  },
  {
    services: [prod('catalog-api')],
    severity: 'SEV3',
    weight: 6,
    title: 'Product search slow under high CPU',
    impact: 'Search took 3 to 5 seconds for most visitors; it still worked',
    snapshot: { status: 'degraded', reason: 'CPU 91%; target response time 1.8 s' },
    notes: ['Cache hit rate fell from 95% to 4% right after the release.', 'Scaled catalog-api from 4 to 8 tasks to buy time.'],
    remediation: 'Scaled catalog-api in prod from 4 to 8 tasks: succeeded',
    resolution: 'Reverted the cache key change; scaled back to 4 tasks once CPU settled.',
    rootCause: 'A change added the request id to the cache key, so no two requests shared an entry and every search went to the database.',
    detection: 'The CPU alarm fired within 10 minutes of the release.',
    response: 'Scaling out first kept search usable while the cause was found.',
    prevention: 'Review cache keys in code review and alarm on the hit rate.',
    lessons: 'A cache that never hits is a hidden load test.',
    actions: ['Alarm when the catalog cache hit rate drops below 80%'],
  },
  {
    services: [prod('auth-api')],
    severity: 'SEV2',
    weight: 3,
    title: 'Sign-in failing: auth targets unhealthy',
    impact: 'More than half of sign-in attempts failed',
    snapshot: { status: 'critical', reason: '3 unhealthy targets; 5xx 48%' },
    notes: ['Targets fail the load balancer health check; the tasks themselves look fine.', 'The new release moved the health endpoint to /healthz.'],
    resolution: 'Pointed the target group health check at the new path; all targets healthy.',
    rootCause: 'The release moved the health endpoint, but the target group still probed the old path and marked every new task unhealthy.',
    detection: 'The unhealthy-targets alarm fired at once; sign-in errors followed within a minute.',
    response: 'The bad-gateway runbook led to the target health reasons quickly.',
    prevention: 'Keep the health check path next to the service code and deploy both together.',
    lessons: 'Infrastructure settings that depend on code belong with the code.',
    actions: ['Define the auth-api health check path in the service template', 'Add a pre-deploy check that the health path answers 200'],
  },
  {
    services: [prod('notifications-worker')],
    severity: 'SEV3',
    weight: 4,
    title: 'Order confirmation emails delayed',
    impact: 'Order confirmation emails arrived late, some by more than an hour',
    snapshot: { status: 'degraded', reason: 'Queue depth 48,000 and rising' },
    notes: ['The email provider answers 429 to most sends.', 'A marketing campaign started 20 minutes before the backlog.'],
    resolution: 'Paused the campaign queue; transactional emails caught up within 30 minutes.',
    rootCause: 'Marketing and order emails share one sending quota; a large campaign used it up and the provider throttled everything.',
    detection: 'Customers asked support where their confirmation was; the queue depth had no alarm.',
    response: 'Pausing the campaign was easy once the cause was clear.',
    prevention: 'Separate quotas and queues for transactional and marketing email.',
    lessons: 'Shared limits turn a marketing success into a support problem.',
    actions: ['Split transactional and marketing sending quotas', 'Alarm on notification queue age above 10 minutes'],
  },
  {
    services: [prod('checkout-web')],
    severity: 'SEV4',
    weight: 3,
    title: 'Checkout web release rolled back by the circuit breaker',
    impact: 'No user impact; the release went out an hour late',
    snapshot: { status: 'degraded', reason: 'Deployment rolled back by the circuit breaker' },
    notes: ['New tasks fail with exec format error.', 'The image was built on an arm64 runner.'],
    resolution: 'Rebuilt the image for amd64 and deployed again.',
    rootCause: 'A build runner was replaced by an arm64 machine and the image was built for the wrong platform.',
    detection: 'The deployment circuit breaker stopped the rollout by itself.',
    response: 'The circuit breaker did its job; nobody was paged.',
    prevention: 'Pin the target platform in the build.',
    lessons: 'Guard rails that act on their own are worth having everywhere.',
    actions: ['Pin the build platform to linux/amd64'],
  },
  {
    services: [dev('orders-api')],
    severity: 'SEV4',
    weight: 3,
    title: 'Dev orders API down after a database reset',
    impact: 'Developers could not test orders; no customer impact',
    snapshot: { status: 'critical', reason: '0/1 tasks running' },
    notes: ['Migrations fail because the dev database was reset without its extensions.'],
    resolution: 'Recreated the database extensions and restarted the service.',
    rootCause: 'The dev database reset script does not install the extensions the migrations need.',
    detection: 'A developer noticed while testing.',
    response: 'Quick to fix once someone looked.',
    prevention: 'Make the reset script install what the migrations need.',
    lessons: 'Development environments deserve the same scripts as production.',
    actions: ['Add the database extensions to the dev reset script'],
  },
  {
    services: [prod('catalog-api'), prod('checkout-web')],
    severity: 'SEV2',
    weight: 2,
    title: 'Product pages failing for a third of visitors',
    impact: 'About a third of product page views failed with 502 errors',
    snapshot: { status: 'critical', reason: '5xx 31%; targets in one zone unhealthy' },
    notes: ['Every failing target is in the same availability zone.', 'A network change this morning edited that zone\u2019s route table.'],
    remediation: 'Forced a new deployment of catalog-api in prod: succeeded',
    resolution: 'Restored the missing route; moved tasks out of the zone while it was fixed.',
    rootCause: 'A network change removed the NAT route of one availability zone. Tasks there could not reach the database.',
    detection: 'The 5xx alarm fired after 4 minutes.',
    response: 'Spotting that all failures shared one zone took time; the health view does not group by zone.',
    prevention: 'Review route changes with a second person and test each zone after a network change.',
    lessons: 'Look for what the failing things have in common.',
    actions: ['Show the availability zone of failing targets on the service page', 'Require a second reviewer for route table changes'],
  },
  {
    services: [prod('checkout-web'), prod('orders-api'), prod('payments-api')],
    severity: 'SEV1',
    weight: 1,
    title: 'Shop unavailable: load balancer certificate expired',
    impact: 'The whole shop was unreachable over HTTPS',
    snapshot: { status: 'critical', reason: 'Health check failing: certificate has expired' },
    notes: ['Browsers report an expired certificate for shop.example.com.', 'The listener still uses a manually imported certificate.'],
    resolution: 'Imported the renewed certificate and attached it to the listener.',
    rootCause: 'The load balancer listener used a manually imported certificate that nobody renewed; the renewal reminder went to a former employee.',
    detection: 'External uptime checks paged within 2 minutes of expiry.',
    response: 'Everyone knew what to do once the error was read; finding the renewed certificate took most of the time.',
    prevention: 'Use managed certificates that renew themselves, and alarm well before expiry.',
    lessons: 'Reminders addressed to people leave with the people.',
    actions: ['Move the shop listener to a managed, auto-renewing certificate', 'Alarm 30 days before any certificate expires'],
  },
  {
    services: [prod('auth-api')],
    severity: 'SEV3',
    weight: 3,
    title: 'Slow logins at peak hours',
    impact: 'Logins took 2 to 4 seconds at the evening peak',
    snapshot: { status: 'degraded', reason: 'CPU 88%; target response time 1.2 s' },
    notes: ['CPU is spent hashing passwords.', 'The hashing cost was raised last week.'],
    remediation: 'Scaled auth-api in prod from 3 to 6 tasks: succeeded',
    resolution: 'Doubled the number of auth tasks; logins back under 400 ms.',
    rootCause: 'The password hashing cost was raised without adding CPU, so every login took four times the work.',
    detection: 'The latency alarm fired at the first evening peak after the change.',
    response: 'Scaling out fixed it within minutes.',
    prevention: 'Load test authentication whenever hashing settings change.',
    lessons: 'Security settings have a capacity cost; plan it with the change.',
    actions: ['Load test auth-api after any change to password hashing'],
  },
  {
    services: [dev('checkout-web')],
    severity: 'SEV4',
    weight: 2,
    title: 'Dev checkout shows a blank page after a dependency upgrade',
    impact: 'Front-end work on checkout stalled; no customer impact',
    snapshot: { status: 'degraded', reason: 'Target response time normal; pages render empty' },
    notes: ['The browser console shows a module that failed to load.', 'The upgrade changed the package entry point.'],
    resolution: 'Pinned the previous version of the package and opened an upgrade ticket.',
    rootCause: 'A minor version of a UI package changed its entry point, and our bundler configuration did not follow.',
    detection: 'A developer noticed the blank page.',
    response: 'Pinning the version unblocked everyone quickly.',
    prevention: 'Let the dependency bot open upgrades one at a time, with the build checked in CI.',
    lessons: 'Minor versions can break too.',
    actions: ['Run a headless render check of checkout in CI'],
  },
  {
    services: [dev('catalog-api')],
    severity: 'SEV4',
    weight: 2,
    title: 'Dev catalog search index missing after a data refresh',
    impact: 'Search returned nothing in development; no customer impact',
    snapshot: { status: 'degraded', reason: '5xx 12% on search requests' },
    notes: ['The refresh job dropped the index and failed before rebuilding it.'],
    resolution: 'Rebuilt the search index by hand and fixed the refresh job order.',
    rootCause: 'The refresh job dropped the old index before building the new one, and a timeout stopped it halfway.',
    detection: 'A tester reported empty search results.',
    response: 'Rebuilding took most of the time.',
    prevention: 'Build the new index beside the old one and swap an alias.',
    lessons: 'Swap, never drop-then-build.',
    actions: ['Build the search index under a new name and switch the alias'],
  },
  {
    services: [dev('inventory-worker')],
    severity: 'SEV4',
    weight: 2,
    title: 'Dev inventory worker stuck on a malformed message',
    impact: 'Stock updates stopped in development; no customer impact',
    snapshot: { status: 'degraded', reason: 'Queue age 3 h; the worker retries one message' },
    notes: ['The same message is retried again and again.'],
    resolution: 'Moved the message to the dead-letter queue and added a retry limit.',
    rootCause: 'The queue had no retry limit, so one malformed test message blocked the rest.',
    detection: 'Noticed by a developer waiting for stock to update.',
    response: 'Quick once the retry loop was seen in the logs.',
    prevention: 'A retry limit and a dead-letter queue on every queue, in every environment.',
    lessons: 'Development should fail the way production would, not differently.',
    actions: ['Add a dead-letter queue and a retry limit to the dev inventory queue'],
  },
  {
    services: [dev('payments-api')],
    severity: 'SEV4',
    weight: 2,
    title: 'Dev payments sandbox credentials expired',
    impact: 'Payment tests failed in development; no customer impact',
    snapshot: { status: 'degraded', reason: '5xx 100% on sandbox calls' },
    notes: ['The provider sandbox rejects our key as expired.'],
    resolution: 'Issued a new sandbox key and stored it in the dev secrets.',
    rootCause: 'Sandbox keys expire after a year and nobody tracked the date.',
    detection: 'A failing integration test.',
    response: 'Straightforward.',
    prevention: 'Track secret expiry dates in one place.',
    lessons: 'Expiring secrets need owners.',
    actions: ['Record expiry dates of third-party credentials with an owner'],
  },
]

/** A small deterministic generator: the same history on every machine. */
function generator(seed: number) {
  let s = seed >>> 0
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
  return {
    next,
    between: (lo: number, hi: number) => lo + next() * (hi - lo),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  }
}

// Response times by severity, in minutes: [acknowledge min, max], [resolve min, max].
const timing: Record<Severity, { ack: [number, number]; resolve: [number, number] }> = {
  SEV1: { ack: [2, 18], resolve: [25, 110] },
  SEV2: { ack: [3, 40], resolve: [45, 320] },
  SEV3: { ack: [8, 150], resolve: [60, 1500] },
  SEV4: { ack: [30, 1800], resolve: [240, 5000] },
}

const statusLabel = { INVESTIGATING: 'Investigating', IDENTIFIED: 'Identified', MONITORING: 'Monitoring' } as const

type Entry = Omit<Prisma.TimelineEntryCreateManyInput, 'id'>

/**
 * Adds the demo history once. `now` is the moment the history ends at (tests pass
 * their own); returns what it added, or nothing when it was already there.
 */
export async function seedDemoHistory(db: DbClient, now: Date = new Date()) {
  return db.$transaction(
    async (tx) => {
      const { count } = await tx.appMeta.createMany({ data: [{ key: DEMO_HISTORY_KEY, value: now.toISOString() }], skipDuplicates: true })
      if (count === 0) return { incidents: 0, timelineEntries: 0, postMortems: 0, actionItems: 0 }

      const users = await tx.user.findMany({
        where: { email: { in: ['commander@example.com', 'responder@example.com', 'admin@example.com'] } },
        select: { id: true, name: true, email: true },
      })
      const services = await tx.service.findMany({ select: { id: true, name: true, environment: true, cluster: true } })
      const byEmail = (email: string) => users.find((u) => u.email === email)
      const commander = byEmail('commander@example.com')
      const responder = byEmail('responder@example.com')
      const admin = byEmail('admin@example.com')
      if (!commander || !responder || !admin) throw new Error('seedDemoHistory needs the demo users; run seedDemo first')
      const people = [commander, responder, admin]

      const rnd = generator(20_251_119)
      const totalWeight = scenarios.reduce((a, s) => a + s.weight, 0)
      const chooseScenario = () => {
        let r = rnd.next() * totalWeight
        for (const s of scenarios) if ((r -= s.weight) < 0) return s
        return scenarios[0]
      }

      const incidents: Prisma.IncidentCreateManyInput[] = []
      const links: Prisma.IncidentServiceCreateManyInput[] = []
      const entries: Entry[] = []
      const postMortems: Prisma.PostMortemCreateManyInput[] = []
      const actionItems: Prisma.ActionItemCreateManyInput[] = []

      // Declarations: about 1.1 a day, fewer at weekends, the last one a day before `now`.
      // The first falls on the first day of the dashboard's "90 days" range (whole UTC
      // days, today included), never before it, whatever the hour of `now`.
      const start = Date.parse(presetRange('90d', now).from)
      for (let t = start + rnd.between(2, 10) * 60 * MINUTE; t < now.getTime() - DAY; t += rnd.between(6, 36) * 60 * MINUTE) {
        const declared = new Date(Math.floor(t / 1000) * 1000)
        const weekend = declared.getUTCDay() === 0 || declared.getUTCDay() === 6
        if (weekend && rnd.chance(0.6)) continue
        const scenario = chooseScenario()
        const named = scenario.services
          .map((s) => services.find((x) => x.name === s.name && x.environment === s.environment))
          .filter((s): s is NonNullable<typeof s> => Boolean(s))
        if (!named.length) continue
        // Older incidents took longer: the team improved over the quarter.
        const age = (now.getTime() - declared.getTime()) / (DAYS * DAY)
        const slower = 0.65 + 0.7 * age
        const severity = scenario.severity
        const tm = timing[severity]
        // Everything happened before `now`: a recent incident gets the time that is left.
        const left = (now.getTime() - declared.getTime()) / MINUTE - 30
        const resolveMinutes = Math.min(Math.round(left * 0.6), Math.max(20, Math.round(rnd.between(tm.resolve[0], tm.resolve[1]) * slower)))
        const ackMinutes = Math.min(Math.round(rnd.between(tm.ack[0], tm.ack[1]) * slower), Math.round(resolveMinutes * 0.4))
        const id = crypto.randomUUID()
        const cmd = rnd.chance(0.6) ? commander : rnd.pick(people)
        const declarer = rnd.chance(0.7) ? responder : rnd.pick(people)
        const at = (minutes: number) => new Date(declared.getTime() + minutes * MINUTE)
        const acknowledgedAt = at(ackMinutes)
        const identifiedAt = at(ackMinutes + Math.round((resolveMinutes - ackMinutes) * rnd.between(0.2, 0.45)))
        const mitigatedAt = at(ackMinutes + Math.round((resolveMinutes - ackMinutes) * rnd.between(0.55, 0.8)))
        const reopened = severity !== 'SEV4' && rnd.chance(0.07)
        let resolvedAt = at(resolveMinutes)
        let reopenedAt: Date | null = null
        const progressMinutes = (d: Date) => Math.round((d.getTime() - declared.getTime()) / MINUTE)
        const serviceFacts = named.map((s) => ({ id: s.id, name: s.name, environment: s.environment }))
        const push = (e: Omit<Entry, 'incidentId'>) => entries.push({ incidentId: id, ...e })

        push({
          kind: 'declared',
          actorId: declarer.id,
          at: declared,
          text: `Declared ${severity}: ${scenario.title}`,
          data: {
            severity,
            impact: scenario.impact,
            commander: { id: cmd.id, name: cmd.name },
            acknowledged: false,
            services: serviceFacts,
            snapshot: {
              takenAt: declared.toISOString(),
              services: named.map((s, k) => ({
                serviceId: s.id,
                name: s.name,
                cluster: s.cluster,
                environment: s.environment,
                status: k === 0 ? scenario.snapshot.status : 'degraded',
                reason: k === 0 ? scenario.snapshot.reason : 'Errors from upstream calls',
              })),
            },
          },
        })
        push({
          kind: 'acknowledged',
          actorId: cmd.id,
          at: acknowledgedAt,
          text: `Acknowledged ${formatMinutes(ackMinutes)} after it was declared`,
          data: { minutesToAcknowledge: ackMinutes },
        })
        const periodic = severity === 'SEV1' || severity === 'SEV2'
        if (periodic || severity === 'SEV3') {
          push({
            kind: 'update_posted',
            actorId: cmd.id,
            at: at(ackMinutes + 2),
            text: `We are investigating: ${scenario.impact.charAt(0).toLowerCase()}${scenario.impact.slice(1)}. Next update within ${severity === 'SEV1' ? '15' : '30'} minutes.`,
            data: { kind: 'initial', channels: [] },
          })
        }
        scenario.notes.forEach((text, k) => {
          const noteAt = new Date(acknowledgedAt.getTime() + ((identifiedAt.getTime() - acknowledgedAt.getTime()) * (k + 1)) / (scenario.notes.length + 1))
          push({ kind: 'note', actorId: rnd.pick(people).id, at: noteAt, text })
        })
        push({
          kind: 'status_changed',
          actorId: cmd.id,
          at: identifiedAt,
          text: `Status changed from ${statusLabel.INVESTIGATING} to ${statusLabel.IDENTIFIED}`,
          data: { from: 'INVESTIGATING', to: 'IDENTIFIED' },
        })
        if (scenario.remediation) {
          push({
            kind: 'remediation',
            actorId: responder.id,
            at: new Date(mitigatedAt.getTime() - 3 * MINUTE),
            text: scenario.remediation,
            data: { demo: true },
          })
        }
        if (periodic) {
          push({
            kind: 'update_posted',
            actorId: cmd.id,
            at: new Date(identifiedAt.getTime() + 2 * MINUTE),
            text: 'We have found the cause and are applying a fix. Next update within 30 minutes.',
            data: { kind: 'update', channels: [] },
          })
        }
        push({
          kind: 'status_changed',
          actorId: cmd.id,
          at: mitigatedAt,
          text: `Status changed from ${statusLabel.IDENTIFIED} to ${statusLabel.MONITORING}`,
          data: { from: 'IDENTIFIED', to: 'MONITORING' },
        })
        if (reopened) {
          const firstResolved = resolvedAt
          push({
            kind: 'resolved',
            actorId: cmd.id,
            at: firstResolved,
            text: `Resolved after ${formatMinutes(progressMinutes(firstResolved))}: ${scenario.resolution}`,
            data: { from: 'MONITORING', to: 'RESOLVED', resolutionSummary: scenario.resolution, durationMinutes: progressMinutes(firstResolved) },
          })
          reopenedAt = new Date(firstResolved.getTime() + Math.round(rnd.between(20, 90)) * MINUTE)
          push({
            kind: 'reopened',
            actorId: cmd.id,
            at: reopenedAt,
            text: 'Reopened as Investigating: the errors came back after the fix',
            data: { from: 'RESOLVED', to: 'INVESTIGATING', reason: 'the errors came back after the fix', previousResolvedAt: firstResolved.toISOString() },
          })
          resolvedAt = new Date(reopenedAt.getTime() + Math.round(rnd.between(30, 120)) * MINUTE)
          push({
            kind: 'note',
            actorId: responder.id,
            at: new Date(reopenedAt.getTime() + 10 * MINUTE),
            text: 'Only some tasks picked up the fix; replaced the remaining ones.',
          })
        }
        const openedFor = progressMinutes(resolvedAt) - (reopenedAt ? progressMinutes(reopenedAt) : 0)
        push({
          kind: 'resolved',
          actorId: cmd.id,
          at: resolvedAt,
          text: `Resolved after ${formatMinutes(openedFor)}: ${scenario.resolution}`,
          data: { from: 'MONITORING', to: 'RESOLVED', resolutionSummary: scenario.resolution, durationMinutes: openedFor },
        })
        let lastUpdate: Date | null = null
        if (periodic || severity === 'SEV3') {
          lastUpdate = new Date(resolvedAt.getTime() + 5 * MINUTE)
          push({
            kind: 'update_posted',
            actorId: cmd.id,
            at: lastUpdate,
            text: `Resolved: ${scenario.resolution} We will publish a review of what happened.`,
            data: { kind: 'resolution', channels: [] },
          })
        }

        incidents.push({
          id,
          title: scenario.title,
          severity,
          status: 'RESOLVED',
          impact: scenario.impact,
          commanderId: cmd.id,
          declaredById: declarer.id,
          declaredAt: declared,
          acknowledgedAt,
          mitigatedAt,
          resolvedAt,
          resolutionSummary: scenario.resolution,
          reopenedAt,
          reopenCount: reopened ? 1 : 0,
          lastUpdatePostedAt: lastUpdate,
          lastProgressAt: resolvedAt,
          version: 6 + (reopened ? 3 : 0),
          createdAt: declared,
        })
        for (const s of named) links.push({ incidentId: id, serviceId: s.id })

        // Post-mortems: required ones are written, mostly on time; recent ones are still in progress.
        const required = severity === 'SEV1' || severity === 'SEV2'
        const dueAt = postMortemDueAt(resolvedAt, required)
        const daysSince = (now.getTime() - resolvedAt.getTime()) / DAY
        let pmStatus: 'DRAFT' | 'IN_REVIEW' | 'PUBLISHED' | null = null
        if (required) {
          const r = rnd.next()
          if (daysSince > 12) pmStatus = r < 0.82 ? 'PUBLISHED' : r < 0.9 ? 'IN_REVIEW' : r < 0.95 ? 'DRAFT' : null
          else if (daysSince > 4) pmStatus = r < 0.35 ? 'PUBLISHED' : r < 0.6 ? 'IN_REVIEW' : r < 0.85 ? 'DRAFT' : null
          else pmStatus = r < 0.5 ? 'DRAFT' : null
        } else if (severity === 'SEV3' && daysSince > 7 && rnd.chance(0.2)) {
          pmStatus = 'PUBLISHED'
        }
        if (!pmStatus) continue
        const pmId = crypto.randomUUID()
        const written = pmStatus !== 'DRAFT' || rnd.chance(0.5)
        // Nothing after `now`: a recent post-mortem was started sooner, and one not published yet is still in review.
        const pmCreated = new Date(Math.min(resolvedAt.getTime() + Math.round(rnd.between(2, 20)) * 60 * MINUTE, (resolvedAt.getTime() + now.getTime()) / 2))
        let publishedAt = pmStatus === 'PUBLISHED' ? new Date(resolvedAt.getTime() + Math.round(rnd.between(1, dueAt && rnd.chance(0.85) ? 6 : 9) * DAY)) : null
        if (publishedAt && publishedAt.getTime() > now.getTime() - 60 * MINUTE) {
          publishedAt = null
          pmStatus = 'IN_REVIEW'
        }
        const facts = [
          `- Who was affected: ${scenario.impact}`,
          `- Duration: ${formatMinutes(progressMinutes(resolvedAt))} from declaration to resolution${reopened ? ' (reopened once)' : ''}`,
          `- Services: ${named.map((s) => `${s.name} (${s.environment.toLowerCase()})`).join(', ')}`,
        ]
        postMortems.push({
          id: pmId,
          incidentId: id,
          status: pmStatus,
          dueAt,
          summary: `${scenario.title}. ${scenario.impact}. ${scenario.resolution}`,
          impact: facts.join('\n'),
          rootCause: written ? scenario.rootCause : '',
          detection: written
            ? scenario.detection
            : `- Declared ${declared.toISOString().slice(0, 16).replace('T', ' ')} UTC\n- Acknowledged ${formatMinutes(ackMinutes)} after the declaration`,
          response: written ? scenario.response : '',
          resolution: scenario.resolution + (scenario.remediation ? `\n\nActions taken:\n- ${scenario.remediation}` : ''),
          prevention: written ? `${scenario.prevention}\n\n${scenario.actions.map((a) => `- ${a}`).join('\n')}` : '',
          lessons: written && pmStatus === 'PUBLISHED' ? scenario.lessons : '',
          includedEntryIds: [],
          version: written ? 4 : 1,
          authorId: cmd.id,
          publishedAt,
          publishedById: publishedAt ? (rnd.chance(0.7) ? commander.id : admin.id) : null,
          createdAt: pmCreated,
        })
        push({
          kind: 'note',
          actorId: cmd.id,
          at: pmCreated,
          text: `Started the post-mortem (draft${dueAt ? `, due ${dueAt.toISOString().slice(0, 10)} 23:59 UTC` : ''})`,
          data: { postMortem: { id: pmId, event: 'started' } },
        })
        if (publishedAt)
          push({
            kind: 'note',
            actorId: commander.id,
            at: publishedAt,
            text: 'Published the post-mortem',
            data: { postMortem: { id: pmId, event: 'published', from: 'IN_REVIEW', to: 'PUBLISHED' } },
          })
        if (!written) continue
        const chosen = scenario.actions.filter((_, k) => k === 0 || rnd.chance(0.7))
        for (const title of chosen) {
          const created = new Date(Math.min(pmCreated.getTime() + Math.round(rnd.between(1, 48)) * 60 * MINUTE, (pmCreated.getTime() + now.getTime()) / 2))
          const due = new Date(
            Date.UTC(created.getUTCFullYear(), created.getUTCMonth(), created.getUTCDate() + Math.round(rnd.between(10, 35)), 23, 59, 59, 999),
          )
          const ageDays = (now.getTime() - created.getTime()) / DAY
          const r = rnd.next()
          const status =
            ageDays > 45
              ? r < 0.8
                ? 'DONE'
                : r < 0.9
                  ? 'IN_PROGRESS'
                  : 'OPEN'
              : ageDays > 15
                ? r < 0.45
                  ? 'DONE'
                  : r < 0.75
                    ? 'IN_PROGRESS'
                    : 'OPEN'
                : r < 0.15
                  ? 'DONE'
                  : r < 0.45
                    ? 'IN_PROGRESS'
                    : 'OPEN'
          const doneAt = status === 'DONE' ? new Date(Math.min((created.getTime() + now.getTime()) / 2, created.getTime() + rnd.between(3, 30) * DAY)) : null
          actionItems.push({
            postMortemId: pmId,
            incidentId: id,
            title,
            ownerId: rnd.chance(0.9) ? rnd.pick(people).id : null,
            dueAt: due,
            status,
            doneAt,
            createdAt: created,
            version: status === 'OPEN' ? 0 : 1,
          })
        }
      }

      await tx.incident.createMany({ data: incidents })
      await tx.incidentService.createMany({ data: links })
      // Timeline ids order the entries: insert them in time order.
      entries.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime())
      await tx.timelineEntry.createMany({ data: entries })
      await tx.postMortem.createMany({ data: postMortems })
      await tx.actionItem.createMany({ data: actionItems })
      // The curated timeline: the entries that tell the story, chosen as the editor would.
      await tx.$executeRawUnsafe(
        `
        UPDATE "PostMortem" pm SET "includedEntryIds" = sub.ids
        FROM (
          SELECT t."incidentId", array_agg(t.id ORDER BY t.id) AS ids
          FROM "TimelineEntry" t
          WHERE t.kind IN ('declared', 'acknowledged', 'status_changed', 'note', 'remediation', 'reopened', 'resolved', 'update_posted')
            AND NOT (t.data IS NOT NULL AND t.data ? 'postMortem')
          GROUP BY t."incidentId"
        ) sub
        WHERE sub."incidentId" = pm."incidentId" AND pm.id = ANY($1::uuid[])`,
        postMortems.map((p) => p.id),
      )
      return { incidents: incidents.length, timelineEntries: entries.length, postMortems: postMortems.length, actionItems: actionItems.length }
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
}
