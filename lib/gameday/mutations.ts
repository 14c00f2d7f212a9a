import 'server-only'
import { requireCan, type ActorContext } from '@/lib/actions/actor'
import { recordAudit } from '@/lib/audit/record'
import { db } from '@/lib/db/client'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'
import { gameDayFaults, type ActiveFaultView, type ActiveScenarioView } from './scenarios'
import type { InjectFaultInput, InjectScenarioInput } from './schemas'

/** The simulator's control API, or a clear refusal when the app runs against real AWS. */
async function control<T>(path: string, init?: RequestInit): Promise<T> {
  if (env.AWS_MODE === 'aws' || !env.AWS_SIMULATOR_URL) {
    throw new AppError('CONFLICT', 'Game day works only against the built-in AWS simulator, and this instance uses real AWS.')
  }
  const res = await fetch(`${env.AWS_SIMULATOR_URL}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(5000),
  })
  const body = (await res.json().catch(() => ({}))) as T & { error?: string }
  if (!res.ok) throw new AppError('VALIDATION', `The simulator refused: ${body.error ?? res.statusText}`)
  return body
}

export function gameDayAvailable() {
  return env.AWS_MODE !== 'aws' && Boolean(env.AWS_SIMULATOR_URL)
}

export async function listActiveScenarios(): Promise<ActiveScenarioView[]> {
  if (!gameDayAvailable()) return []
  const body = await control<{ scenarios: ActiveScenarioView[] }>('/_sim/scenarios')
  return body.scenarios
}

export async function injectScenario(ctx: ActorContext, input: InjectScenarioInput) {
  requireCan(ctx.actor, 'admin:gameday', 'Only an admin can run game day.')
  const service = await db.service.findUnique({ where: { id: input.serviceId }, select: { id: true, cluster: true, ecsServiceName: true } })
  if (!service) throw new AppError('NOT_FOUND', 'That service is no longer in the catalog.')
  const target = { cluster: service.cluster, service: service.ecsServiceName, scenario: input.scenario }
  const options = { ...(input.scenario === 'failed_deployment' ? { deploy: true } : {}), ...(input.minutesIn ? { minutesIn: input.minutesIn } : {}) }
  const { scenario: started } = await control<{ scenario: ActiveScenarioView }>('/_sim/scenarios', {
    method: 'POST',
    body: JSON.stringify({ ...target, options }),
  })
  await db.$transaction((tx) =>
    recordAudit(tx, {
      action: 'gameday.scenario.inject',
      actor: ctx.actor,
      targetType: 'service',
      targetId: service.id,
      requestId: ctx.requestId,
      params: { ...target, id: started.id, ...(input.minutesIn ? { minutesIn: input.minutesIn } : {}) },
    }),
  )
  return started
}

export async function clearScenarios(ctx: ActorContext, id?: string) {
  requireCan(ctx.actor, 'admin:gameday', 'Only an admin can run game day.')
  const body = await control<{ cleared: number }>(id ? `/_sim/scenarios/${encodeURIComponent(id)}` : '/_sim/scenarios', { method: 'DELETE' })
  await db.$transaction((tx) =>
    recordAudit(tx, {
      action: 'gameday.scenario.clear',
      actor: ctx.actor,
      targetType: 'scenario',
      targetId: id ?? 'all',
      requestId: ctx.requestId,
      params: { cleared: body.cleared },
    }),
  )
  return body
}

export async function listActiveFaults(): Promise<ActiveFaultView[]> {
  if (!gameDayAvailable()) return []
  return (await control<{ faults: ActiveFaultView[] }>('/_sim/faults')).faults
}

/** An account-wide AWS fault (hang, expired credentials, a late or lost ECS change…). */
export async function injectFault(ctx: ActorContext, input: InjectFaultInput) {
  const preset = gameDayFaults.find((f) => f.preset === input.preset)!
  const { fault } = await control<{ fault: ActiveFaultView }>('/_sim/faults', { method: 'POST', body: JSON.stringify(preset.fault) })
  await db.$transaction((tx) =>
    recordAudit(tx, {
      action: 'gameday.fault.inject',
      actor: ctx.actor,
      targetType: 'fault',
      targetId: fault.id,
      requestId: ctx.requestId,
      params: { preset: input.preset, ...preset.fault },
    }),
  )
  return fault
}

export async function clearFaults(ctx: ActorContext) {
  const body = await control<{ cleared: number }>('/_sim/faults', { method: 'DELETE' })
  await db.$transaction((tx) =>
    recordAudit(tx, { action: 'gameday.fault.clear', actor: ctx.actor, targetType: 'fault', targetId: 'all', requestId: ctx.requestId, params: body }),
  )
  return body
}
