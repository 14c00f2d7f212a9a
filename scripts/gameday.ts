// npm run gameday -- <command>: drive the AWS simulator of a running `npm start`.
//   list                                   active failures and the kinds on offer
//   inject <cluster> <service> <scenario> [minutesIn]  e.g. inject shop-prod orders-api crash_loop
//                                          (minutesIn: as if it began that many minutes ago, 1-30)
//   clear [id]                             clear one failure, or all of them
//   fault <kind> [api] [operation] [delayMs]  an account-level AWS fault: access_denied, expired_token,
//                                          throttle, server_error, hang, delay, delayed_apply, drop
//                                          (api: ecs, cloudwatch, logs, elbv2, lambda, rds, elasticache, dynamodb), e.g.
//                                          fault delayed_apply ecs UpdateService 15000 (held past the app's timeout, then applied)
//                                          fault drop ecs UpdateService (received, never applied)
//   calls                                  AWS calls the simulator received, by operation
//   faults                                 list them; `faults clear` removes them all
// The launcher records the simulator's address in DATA_DIR/simulator.json.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, parseEnv } from '../lib/config/env-schema.js'
import { dataDir, die } from './lib/database'

async function call(base: string, path: string, init?: RequestInit) {
  const res = await fetch(`${base}${path}`, { ...init, headers: { 'content-type': 'application/json' } })
  const body = await res.json()
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`)
  return body
}

async function main() {
  const env = parseEnv(process.env)
  const file = join(dataDir(env.DATA_DIR), 'simulator.json')
  if (!existsSync(file)) throw new Error('no simulator found: start the app with `npm start` (simulated AWS) first')
  const { url } = JSON.parse(readFileSync(file, 'utf8')) as { url: string }
  const [command, ...args] = process.argv.slice(2)
  if (command === 'inject') {
    const [cluster, service, scenario, minutesIn] = args
    if (!cluster || !service || !scenario) throw new Error('usage: npm run gameday -- inject <cluster> <service> <scenario> [minutesIn]')
    const options = { ...(scenario === 'failed_deployment' ? { deploy: true } : {}), ...(minutesIn ? { minutesIn: Number(minutesIn) } : {}) }
    const { scenario: s } = await call(url, '/_sim/scenarios', { method: 'POST', body: JSON.stringify({ cluster, service, scenario, options }) })
    console.log(`injected ${s.scenario} into ${s.service} (${s.cluster}) as ${s.id}`)
  } else if (command === 'clear') {
    const { cleared } = await call(url, args[0] ? `/_sim/scenarios/${encodeURIComponent(args[0])}` : '/_sim/scenarios', { method: 'DELETE' })
    console.log(`cleared ${cleared} failure(s)`)
  } else if (command === 'fault') {
    const [kind, api, operation, delayMs] = args
    if (!kind)
      throw new Error(
        'usage: npm run gameday -- fault <access_denied|expired_token|throttle|server_error|hang|delay|delayed_apply|drop> [ecs|cloudwatch|logs|elbv2|lambda|rds|elasticache|dynamodb] [Operation] [delayMs]',
      )
    const body = {
      kind,
      api,
      operation,
      ...(delayMs ? { delayMs: Number(delayMs) } : {}),
      ...(kind === 'delayed_apply' || kind === 'drop' ? { times: 1 } : {}),
    }
    const { fault } = await call(url, '/_sim/faults', { method: 'POST', body: JSON.stringify(body) })
    console.log(`fault ${fault.kind} on ${fault.operation ? `${fault.api}:${fault.operation}` : (fault.api ?? 'every API')} as ${fault.id}`)
  } else if (command === 'calls') {
    const { byOperation, since } = await call(url, '/_sim/calls')
    console.log(`since ${since}`)
    for (const [op, count] of Object.entries(byOperation as Record<string, number>)) console.log(`${String(count).padStart(6)}  ${op}`)
  } else if (command === 'faults') {
    if (args[0] === 'clear') {
      const { cleared } = await call(url, '/_sim/faults', { method: 'DELETE' })
      console.log(`cleared ${cleared} fault(s)`)
    } else {
      const { faults } = await call(url, '/_sim/faults')
      console.log(
        faults.length ? faults.map((f: { id: string; kind: string; api?: string }) => `${f.id}  ${f.kind}  ${f.api ?? 'every API'}`).join('\n') : 'no fault',
      )
    }
  } else if (command === 'list' || !command) {
    const { scenarios, kinds } = await call(url, '/_sim/scenarios')
    console.log(
      scenarios.length
        ? scenarios
            .map((s: { id: string; scenario: string; service: string; cluster: string }) => `${s.id}  ${s.scenario}  ${s.service} (${s.cluster})`)
            .join('\n')
        : 'no failure injected',
    )
    console.log(`\nscenarios: ${kinds.map((k: { scenario: string }) => k.scenario).join(', ')}`)
  } else {
    throw new Error(`unknown command ${command}: use list, inject, clear, fault, faults or calls`)
  }
}

main().then(
  () => process.exit(0),
  (err) => die(err instanceof ConfigError ? err.message : err),
)
