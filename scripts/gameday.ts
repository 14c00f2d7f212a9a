// npm run gameday -- <command>: drive the AWS simulator of a running `npm start`.
//   list                                   active failures and the kinds on offer
//   inject <cluster> <service> <scenario>  e.g. inject shop-prod orders-api crash_loop
//   clear [id]                             clear one failure, or all of them
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
    const [cluster, service, scenario] = args
    if (!cluster || !service || !scenario) throw new Error('usage: npm run gameday -- inject <cluster> <service> <scenario>')
    const { scenario: s } = await call(url, '/_sim/scenarios', { method: 'POST', body: JSON.stringify({ cluster, service, scenario, ...(scenario === 'failed_deployment' ? { options: { deploy: true } } : {}) }) })
    console.log(`injected ${s.scenario} into ${s.service} (${s.cluster}) as ${s.id}`)
  } else if (command === 'clear') {
    const { cleared } = await call(url, args[0] ? `/_sim/scenarios/${encodeURIComponent(args[0])}` : '/_sim/scenarios', { method: 'DELETE' })
    console.log(`cleared ${cleared} failure(s)`)
  } else if (command === 'list' || !command) {
    const { scenarios, kinds } = await call(url, '/_sim/scenarios')
    console.log(scenarios.length ? scenarios.map((s: { id: string; scenario: string; service: string; cluster: string }) => `${s.id}  ${s.scenario}  ${s.service} (${s.cluster})`).join('\n') : 'no failure injected')
    console.log(`\nscenarios: ${kinds.map((k: { scenario: string }) => k.scenario).join(', ')}`)
  } else {
    throw new Error(`unknown command ${command}: use list, inject or clear`)
  }
}

main().then(
  () => process.exit(0),
  (err) => die(err instanceof ConfigError ? err.message : err),
)
