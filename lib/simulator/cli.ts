// Runs the simulator on its own:  node_modules/.bin/tsx lib/simulator/cli.ts [--port 4566] [--seed 1] [--services 200] [--quiet]
// Prints the environment to export so an app or the AWS CLI talks to it.
import { demoFleet, generatedFleet, startSimulator } from './index'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const out = (line: string) => process.stdout.write(`${line}\n`)

async function main() {
  const count = arg('services')
  const sim = await startSimulator({
    port: Number(arg('port') ?? 4566),
    host: arg('host'),
    seed: Number(arg('seed') ?? 1),
    fleet: count ? generatedFleet(Number(count)) : demoFleet(),
    log: process.argv.includes('--quiet') ? undefined : out,
  })
  out(`AWS simulator on ${sim.url}; control API at ${sim.url}/_sim/scenarios`)
  for (const [k, v] of Object.entries(sim.env())) out(`export ${k}=${v}`)
  const stop = () => {
    sim.stop().finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`)
  process.exit(1)
})
