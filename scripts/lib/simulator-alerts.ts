// In simulated mode, `npm start` wires the simulator's alarms to the app as AWS would be wired:
// an SNS alert integration that allows the simulator's topics (made once, kept across restarts,
// audited like an admin's), then, once the app answers, the app's /api/alerts/sns subscribed to
// each topic. The simulator sends a SubscriptionConfirmation and the app confirms it with its own
// handshake code; from then on a crash loop on game day declares its incident with nobody clicking.
import { recordAudit } from '../../lib/audit/record'
import type { DbClient } from '../../lib/db/create-client'
import type { SimulatorHandle } from '../../lib/simulator'

export const SIMULATOR_INTEGRATION_NAME = 'AWS simulator (demo)'

/** Makes the integration, or adds topics it lacks. An admin's disabling it is kept. */
export async function ensureSimulatorIntegration(client: DbClient, topics: string[]): Promise<'created' | 'updated' | 'unchanged'> {
  return client.$transaction(async (tx) => {
    const row = await tx.alertIntegration.findUnique({ where: { name: SIMULATOR_INTEGRATION_NAME }, select: { id: true, kind: true, topicArns: true } })
    if (row && row.kind !== 'SNS') throw new Error(`the alert integration "${SIMULATOR_INTEGRATION_NAME}" exists and is not an SNS integration`)
    const missing = topics.filter((t) => !row?.topicArns.includes(t))
    if (row && missing.length === 0) return 'unchanged'
    const topicArns = [...(row?.topicArns ?? []), ...missing]
    const saved = row
      ? await tx.alertIntegration.update({ where: { id: row.id }, data: { topicArns, version: { increment: 1 } }, select: { id: true } })
      : await tx.alertIntegration.create({ data: { kind: 'SNS', name: SIMULATOR_INTEGRATION_NAME, topicArns }, select: { id: true } })
    await recordAudit(tx, {
      action: row ? 'admin.alert_integration.update' : 'admin.alert_integration.create',
      actorEmail: 'system',
      targetType: 'alert_integration',
      targetId: saved.id,
      params: { kind: 'SNS', name: SIMULATOR_INTEGRATION_NAME, topicArns, source: 'npm start (AWS simulator)' },
    })
    return row ? 'updated' : 'created'
  })
}

/**
 * Waits for the app to answer, subscribes `endpoint` to every simulator topic, and reports
 * whether the app confirmed each subscription within `confirmMs`.
 */
export async function subscribeWhenUp(
  simulator: Pick<SimulatorHandle, 'sns'>,
  opts: { appUrl: string; log: (line: string) => void; stopped: () => boolean; confirmMs?: number },
) {
  for (let i = 0; ; i++) {
    if (opts.stopped()) return
    if ((await fetch(`${opts.appUrl}/api/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => null))?.ok) break
    if (i > 600) return opts.log('the app did not answer; the simulator’s alarms are not subscribed')
    await new Promise((r) => setTimeout(r, 500))
  }
  const endpoint = `${opts.appUrl}/api/alerts/sns`
  for (const topic of simulator.sns.topics()) simulator.sns.subscribe(topic, endpoint)
  const deadline = Date.now() + (opts.confirmMs ?? 20_000)
  while (Date.now() < deadline && simulator.sns.list().some((s) => s.status !== 'confirmed')) await new Promise((r) => setTimeout(r, 200))
  const pending = simulator.sns.list().filter((s) => s.status !== 'confirmed')
  if (pending.length)
    opts.log(`the app did not confirm the simulator's SNS subscription to ${pending.map((s) => s.topicArn).join(', ')} (see Admin → Alert integrations)`)
  else opts.log(`simulated alarms and ECS events publish to ${endpoint} (SNS topics ${simulator.sns.topics().join(', ')})`)
}
