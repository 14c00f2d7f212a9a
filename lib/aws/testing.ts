import 'server-only'
import { configureAwsClients, resetAwsClients } from './clients'
import { manualClock, startSimulator, type ManualClock, type SimulatorHandle, type SimulatorOptions } from '@/lib/simulator'

// For wire tests: a simulator on 127.0.0.1 with a manual clock, and lib/aws's clients
// pointed at it with dummy credentials and quick retries (3 attempts; production
// defaults to 2, see clients.ts).

export const REGION = 'us-east-1'

export async function startTestSimulator(
  opts: SimulatorOptions & { requestTimeoutMs?: number; writeTimeoutMs?: number } = {},
): Promise<{ sim: SimulatorHandle; clock: ManualClock }> {
  const clock = manualClock()
  const sim = await startSimulator({ clock, seed: 42, ...opts })
  configureAwsClients({
    endpoint: sim.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 3,
    retryBaseDelayMs: 5,
    requestTimeoutMs: opts.requestTimeoutMs ?? 5_000,
    writeTimeoutMs: opts.writeTimeoutMs,
  })
  return { sim, clock }
}

export async function stopTestSimulator(sim: SimulatorHandle) {
  resetAwsClients()
  await sim.stop()
}

export const sdkConfig = (sim: SimulatorHandle) => ({
  region: REGION,
  endpoint: sim.url,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
})
