// Pure reading of ECS state for one request: did the change land, and how is the deployment
// it created doing? Only that deployment is judged: an older deployment that tripped the
// circuit breaker says nothing about ours.
import type { DeploymentSummary, EcsServiceStatus } from '@/lib/aws/types'
import type { RemediationEvent } from './machine'
import type { RemediationKind } from './schemas'

/** The change a request sends, resolved at plan time. */
export type Change = { kind: RemediationKind; desiredCount?: number; taskDefinitionArn?: string }

/** The service just before the change was sent. */
export type Before = { deploymentIds: string[]; desired: number; taskDefinitionArn: string; lastEventId?: string | null }

const STEADY = /has reached a steady state/

/** ECS said "has reached a steady state" after the change (an event newer than the last one seen before it). */
export function steadySince(status: EcsServiceStatus, lastEventId: string | null | undefined): boolean {
  if (!lastEventId) return true // no event was seen before (or an old row): the deployment state decides
  const at = status.events.findIndex((e) => e.id === lastEventId)
  return (at === -1 ? status.events : status.events.slice(0, at)).some((e) => STEADY.test(e.message))
}

/**
 * Whether the change is visible in the service, and the deployment that carries it.
 * A scale changes the desired count of the current deployment; the others start a new
 * PRIMARY deployment (one not there before), on the target task definition when there is one.
 */
export function landedDeployment(status: EcsServiceStatus, change: Change, before: Before): DeploymentSummary | null {
  const primary = status.primaryDeployment
  if (change.kind === 'SCALE') {
    return status.desiredCount === change.desiredCount && change.desiredCount !== before.desired ? primary : null
  }
  const fresh = status.deployments.filter((d) => !before.deploymentIds.includes(d.id))
  const target = change.taskDefinitionArn
  return fresh.find((d) => !target || d.taskDefinitionArn === target) ?? null
}

export type Verdict = { event: Extract<RemediationEvent, 'completed' | 'failed' | 'replaced'>; text: string } | null

/** The outcome of our deployment, or null while it is still rolling out. */
export function judgeDeployment(
  status: EcsServiceStatus,
  deploymentId: string,
  wantedDesired: number | undefined,
  name: string,
  lastEventId?: string | null,
): Verdict {
  const mine = status.deployments.find((d) => d.id === deploymentId)
  const primary = status.primaryDeployment
  const now = `${name} runs ${status.runningCount}/${status.desiredCount} tasks on ${status.taskDefinition}`
  if (!mine || (mine.status !== 'PRIMARY' && mine.rolloutState !== 'FAILED')) {
    const by = primary && primary.id !== deploymentId ? ` by deployment ${primary.id} (${primary.taskDefinition})` : ''
    return { event: 'replaced', text: `Deployment ${deploymentId} was replaced${by} before it completed; its own outcome is unknown. ${now}.` }
  }
  if (mine.rolloutState === 'FAILED') {
    const rolledBack = primary && primary.id !== deploymentId ? ` ECS rolled back to ${primary.taskDefinition}.` : ''
    return { event: 'failed', text: `Deployment ${deploymentId} failed: ${mine.rolloutStateReason ?? 'rollout FAILED'}.${rolledBack} ${now}.` }
  }
  const steady =
    mine.rolloutState === 'COMPLETED' &&
    mine.runningCount === mine.desiredCount &&
    status.runningCount === status.desiredCount &&
    steadySince(status, lastEventId) &&
    (wantedDesired === undefined || status.desiredCount === wantedDesired)
  return steady ? { event: 'completed', text: `Steady: ${now} (deployment ${deploymentId} completed).` } : null
}
