// Log lines for a service's log group: steady chatter generated on demand from the seed
// (so any time range can be read back identically), scenario noise for the minutes a
// scenario was active, and the lines the engine recorded when tasks started or died.
import { MINUTE, type SimLogLine, type SimService } from './model'
import { hash32, unit } from './random'
import type { ScenarioKind } from './scenarios'
import { dependencyLogLine } from './resource-scenarios'

/** Lines older than this are gone, as with a 14-day retention policy. */
export const LOG_RETENTION_MS = 14 * 24 * 60 * MINUTE

export type GeneratedLine = SimLogLine & { eventId: string }

export function linesBetween(seed: number, s: SimService, from: number, to: number): GeneratedLine[] {
  const out: GeneratedLine[] = []
  const firstMinute = Math.floor(from / MINUTE)
  const lastMinute = Math.floor((to - 1) / MINUTE)
  for (let m = firstMinute; m <= lastMinute; m++) {
    for (const line of minuteLines(seed, s, m)) {
      if (line.timestamp >= from && line.timestamp < to) out.push(line)
    }
  }
  for (const line of s.logBuffer) {
    if (line.timestamp >= from && line.timestamp < to) {
      out.push({ ...line, eventId: eventId(seed, s.key, line.timestamp, line.message) })
    }
  }
  return out.sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1))
}

function minuteLines(seed: number, s: SimService, m: number): GeneratedLine[] {
  const u = (...k: (string | number)[]) => unit(seed, s.key, 'log', m, ...k)
  const lines: { offset: number; message: string }[] = []
  const resource = s.name.replace(/-(api|web|worker)$/, '')
  const worker = s.profile.kind === 'worker'
  const chatter = worker ? 1 + Math.floor(u('n') * 2) : 2 + Math.floor(u('n') * 4)
  for (let i = 0; i < chatter; i++) {
    const pick = u('pick', i)
    const ms = Math.round(8 + u('ms', i) * 120)
    let message: string
    if (worker) {
      message = pick < 0.6 ? `INFO  processed ${5 + Math.floor(u('batch', i) * 60)} messages from ${resource}-events` : `INFO  batch committed in ${ms}ms`
    } else if (pick < 0.45) message = `INFO  GET /api/${resource} 200 ${ms}ms`
    else if (pick < 0.7) message = `INFO  GET /api/${resource}/${hash32(seed, m, i).toString(36).slice(0, 6)} 200 ${ms}ms`
    else if (pick < 0.88) message = `INFO  POST /api/${resource} 201 ${ms + 20}ms`
    else message = `INFO  GET /healthz 200 2ms`
    lines.push({ offset: u('at', i), message })
  }
  // Background noise every healthy service has.
  if (u('warn') < 0.03) lines.push({ offset: u('warn-at'), message: `WARN  retrying call to ${worker ? 'queue' : 'upstream'} (attempt 2 of 3)` })
  if (u('err') < 0.006) lines.push({ offset: u('err-at'), message: `ERROR request failed: upstream timeout after 5000ms` })

  for (const kind of activeAt(s, (m + 0.5) * MINUTE)) {
    const add = (count: number, make: (i: number) => string) => {
      for (let i = 0; i < count; i++) lines.push({ offset: u(kind, 'at', i), message: make(i) })
    }
    const ms = (i: number, lo: number, hi: number) => Math.round(lo + u(kind, 'ms', i) * (hi - lo))
    switch (kind) {
      case 'error_spike':
        add(3 + Math.floor(u(kind, 'n') * 5), (i) =>
          u(kind, 'which', i) < 0.6
            ? `ERROR POST /api/${resource} 500 ${ms(i, 40, 400)}ms - Error: connection pool exhausted (10 of 10 in use)`
            : `ERROR GET /api/${resource} 502 ${ms(i, 20, 90)}ms - Error: upstream responded 503 Service Unavailable`,
        )
        break
      case 'slow_responses':
        add(2 + Math.floor(u(kind, 'n') * 3), (i) => `WARN  GET /api/${resource} 200 ${ms(i, 1100, 3200)}ms - slow request`)
        break
      case 'cpu_spike':
        add(1 + Math.floor(u(kind, 'n') * 2), (i) => `WARN  event loop blocked for ${ms(i, 200, 900)}ms`)
        break
      case 'memory_leak':
        add(1, () => `WARN  heap usage growing: ${Math.round(60 + u(kind, 'heap') * 35)}% of limit after GC`)
        break
      case 'unhealthy_targets':
        add(2, () => `ERROR GET /healthz 503 - dependency check failed: cache unreachable (timeout after 2000ms)`)
        break
      case 'oom':
        add(1, () => `WARN  memory pressure: heap close to the container limit`)
        break
      default:
        break
    }
  }

  // Calls to a broken dependency fail (resource-scenarios.ts): connection errors, timeouts, throttling.
  for (const b of (s.dependencyHistory ?? []).filter((h) => h.from <= (m + 0.5) * MINUTE && (h.to === undefined || (m + 0.5) * MINUTE < h.to))) {
    const key = `dep-${b.kind}-${b.resource}`
    for (let i = 0, n = 2 + Math.floor(u(key, 'n') * 4); i < n; i++)
      lines.push({
        offset: u(key, 'at', i),
        message: dependencyLogLine(b.kind, b.resource, `/api/${resource}`, Math.round(800 + u(key, 'ms', i) * 4200), u(key, 'which', i)),
      })
  }

  const out: GeneratedLine[] = []
  for (const [i, line] of lines.entries()) {
    const timestamp = m * MINUTE + Math.floor(line.offset * MINUTE)
    out.push({ timestamp, stream: streamAt(seed, s, timestamp, i), message: line.message, eventId: eventId(seed, s.key, timestamp, i) })
  }
  return out
}

function activeAt(s: SimService, t: number): ScenarioKind[] {
  const kinds = new Set<ScenarioKind>()
  for (const h of s.scenarioHistory) if (h.from <= t && (h.to === undefined || t < h.to)) kinds.add(h.kind)
  return [...kinds]
}

/** The stream of a task that was running at that moment. */
function streamAt(seed: number, s: SimService, t: number, salt: number): string {
  const running = s.tasks.filter((x) => x.startedAt !== undefined && x.startedAt <= t && (x.stoppedAt === undefined || t < x.stoppedAt))
  const id =
    running.length > 0
      ? running[hash32(seed, t, salt) % running.length].id
      : hash32(seed, s.key, 'old-task', Math.floor(t / (6 * 3_600_000)))
          .toString(16)
          .padStart(8, '0')
          .repeat(4)
  return `${s.name}/${s.containerName}/${id}`
}

function eventId(seed: number, key: string, t: number, salt: string | number): string {
  return `${t}${String(hash32(seed, key, t, salt)).padStart(10, '0')}`
}

// ---- filter patterns ----

export type LogFilter = (message: string) => boolean

/**
 * CloudWatch Logs term patterns: `ERROR`, `"exact phrase"`, `ERROR timeout` (all terms),
 * `?ERROR ?FATAL` (any of them), `-DEBUG` (exclude). Matching is case-sensitive, like AWS.
 * JSON and space-delimited patterns are not supported.
 */
export function parseFilterPattern(pattern: string | undefined): LogFilter {
  const text = (pattern ?? '').trim()
  if (!text) return () => true
  if (text.startsWith('{') || text.startsWith('[')) {
    throw new Error('The simulator supports term filter patterns only (no JSON or space-delimited patterns).')
  }
  const tokens = text.match(/[?-]?"[^"]*"|\S+/g) ?? []
  const all: string[] = []
  const any: string[] = []
  const none: string[] = []
  for (const token of tokens) {
    const prefix = token[0] === '?' || token[0] === '-' ? token[0] : ''
    const term = (prefix ? token.slice(1) : token).replace(/^"(.*)"$/, '$1')
    if (!term) continue
    if (prefix === '?') any.push(term)
    else if (prefix === '-') none.push(term)
    else all.push(term)
  }
  return (message) =>
    all.every((t) => message.includes(t)) && (any.length === 0 || any.some((t) => message.includes(t))) && !none.some((t) => message.includes(t))
}
