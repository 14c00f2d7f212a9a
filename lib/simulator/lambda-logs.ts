// CloudWatch Logs of the simulated Lambda functions (resources.ts): log group "/aws/lambda/<function>",
// one stream per execution environment ("2025/01/15/[$LATEST]<32 hex>"), the lines the Lambda
// runtime writes (START, END, REPORT, the handler's own INFO lines) for a sample of each minute's
// invocations. Generated per minute from the seed and the resource scenarios that covered that
// minute, so any window reads back identically:
//   lambda_error_spike  a third of the invocations end in an ERROR line with the stack (console.error of the error)
//   lambda_throttling   the invocations that do run are slow and some hit the timeout ("Task timed out after
//                       N.NN seconds", REPORT … Status: timeout); throttled invocations never run, so they
//                       leave no line of their own, only the retried deliveries (WARN) they cause
import type { GeneratedLine } from './logs'
import { MINUTE } from './model'
import { hash32, unit } from './random'
import { scenariosAt, type SimResource } from './resources'
import type { Simulation } from './simulation'

export const lambdaLogGroup = (functionName: string) => `/aws/lambda/${functionName}`

/** Invocations written out per minute (the metrics count them all; the logs show a sample). */
const SAMPLE = 6

const hex = (...parts: (string | number)[]) =>
  [0, 1, 2, 3]
    .map((i) => hash32(...parts, i).toString(16))
    .join('')
    .padEnd(32, '0')
    .slice(0, 32)
const requestId = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`

const failures = [
  { type: 'Error', message: 'connect ECONNREFUSED 10.0.3.12:5432', at: 'TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)' },
  { type: 'TypeError', message: "Cannot read properties of undefined (reading 'orderId')", at: 'parseEvent (/var/task/src/event.js:18:29)' },
  { type: 'Error', message: 'upstream responded 503 Service Unavailable', at: 'checkResponse (/var/task/src/client.js:61:11)' },
]

export function lambdaLinesBetween(sim: Simulation, r: SimResource, from: number, to: number): GeneratedLine[] {
  const out: GeneratedLine[] = []
  // An invocation started in the minute before may end in this one.
  for (let m = Math.floor(from / MINUTE) - 1; m <= Math.floor((to - 1) / MINUTE); m++)
    for (const line of minuteLines(sim, r, m)) if (line.timestamp >= from && line.timestamp < to) out.push(line)
  return out.sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1))
}

function minuteLines(sim: Simulation, r: SimResource, m: number): GeneratedLine[] {
  const u = (...k: (string | number)[]) => unit(sim.seed, r.awsId, 'lambda-log', m, ...k)
  const on = scenariosAt(sim, r, m)
  const timeoutMs = Number(r.config.timeoutSeconds ?? 3) * 1000
  const lines: { t: number; stream: string; message: string }[] = []
  const count = SAMPLE + (on.has('lambda_throttling') ? 2 : 0)
  for (let i = 0; i < count; i++) {
    const start = m * MINUTE + Math.floor(u('at', i) * MINUTE)
    const id = requestId(hex(sim.seed, r.awsId, m, i))
    // A few execution environments per function, replaced every couple of hours.
    const env = hash32(sim.seed, r.awsId, 'env', Math.floor(start / (2 * 60 * MINUTE)), Math.floor(u('env', i) * 3))
    const day = new Date(start).toISOString().slice(0, 10).replace(/-/g, '/')
    const stream = `${day}/[$LATEST]${hex(env)}`
    const iso = (t: number) => new Date(t).toISOString()
    const failed = on.has('lambda_error_spike') ? u('fail', i) < 0.35 : u('fail', i) < 0.001
    const timedOut = on.has('lambda_throttling') && u('timeout', i) < 0.3
    const duration = timedOut ? timeoutMs : Math.round((on.has('lambda_throttling') ? 2400 : 350) * (0.5 + u('dur', i)) * 100) / 100
    const end = start + Math.ceil(duration)
    const add = (t: number, message: string) => lines.push({ t, stream, message })
    add(start, `START RequestId: ${id} Version: $LATEST`)
    if (on.has('lambda_throttling') && u('retry', i) < 0.5)
      add(start + 3, `${iso(start + 3)}\t${id}\tWARN\tevent delivered again (attempt ${2 + Math.floor(u('attempt', i) * 2)}): an earlier attempt was throttled`)
    if (failed) {
      const f = failures[Math.floor(u('which', i) * failures.length)]
      const t = start + Math.floor(duration * 0.9)
      add(
        t,
        `${iso(t)}\t${id}\tERROR\tInvoke Error \t${f.type}: ${f.message}\n    at ${f.at}\n    at handler (/var/task/index.js:42:11)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`,
      )
    } else if (!timedOut)
      add(start + Math.floor(duration / 2), `${iso(start + Math.floor(duration / 2))}\t${id}\tINFO\tprocessed ${1 + Math.floor(u('n', i) * 9)} records`)
    if (timedOut) add(end, `${iso(end)} ${id} Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`)
    add(end, `END RequestId: ${id}`)
    add(
      end,
      `REPORT RequestId: ${id}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\tMemory Size: 512 MB\tMax Memory Used: ${70 + Math.floor(u('mem', i) * 40)} MB` +
        (timedOut ? '\tStatus: timeout' : ''),
    )
  }
  return lines.map((l, i) => ({
    timestamp: l.t,
    stream: l.stream,
    message: l.message,
    eventId: `${l.t}${String(hash32(sim.seed, r.awsId, m, i)).padStart(10, '0')}`,
  }))
}
