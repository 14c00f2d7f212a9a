import 'server-only'
// What a remediation would change, read from AWS just before it is shown or run.
import { describeService, describeTaskDefinition, getTaskDefinitionHistory } from '@/lib/aws/ecs'
import type { EcsServiceStatus, TaskDefinitionHistory, TaskDefinitionSummary } from '@/lib/aws/types'
import { AppError } from '@/lib/errors'
import type { RemediationParams } from './schemas'

export type ServiceTarget = { id: string; name: string; environment: string; region: string; cluster: string; ecsServiceName: string }

/** A task definition seen steady on the service: by ECS (a completed deployment) or by our own requests. */
export type SteadyRevision = { ref: string; at: string | null; source: 'our records' | 'ECS' }

export type Plan = {
  summary: string
  /** Rollback: why this target. */
  targetReason?: string
  details: { label: string; from: string; to: string }[]
  warnings: string[]
  /** Scale to zero, scale down by more than half, or roll back: needs a second person in production. */
  destructive: boolean
  before: {
    desired: number
    running: number
    taskDefinition: string
    taskDefinitionArn: string
    memory: string | null
    cpu: string | null
    /** The containers' images (rollback and raise memory, which read the task definition), for the approver. */
    image?: string
    deploymentIds: string[]
  }
  /** What to send: resolved targets, so approval later runs exactly what was previewed (a rollback's target image is shown, not sent). */
  target: { desiredCount?: number; taskDefinitionArn?: string; memoryMiB?: number; cpu?: number; image?: string }
}

const envName = (e: string) => e.toLowerCase()

const revisionName = (ref: string) => ref.split('/').pop() ?? ref

/**
 * The last task definition that was steady on the service before the current one: a completed
 * deployment ECS still lists, else the newest steady revision in our own records. Not simply
 * "the highest revision below the current one", which can be the release just rolled back from.
 */
export async function rollbackTarget(
  region: string,
  status: EcsServiceStatus,
  current: TaskDefinitionSummary,
  ours: SteadyRevision[],
): Promise<{ target: TaskDefinitionSummary; reason: string } | null> {
  const fromEcs: SteadyRevision[] = status.deployments
    .filter((d) => d.status !== 'PRIMARY' && d.rolloutState === 'COMPLETED')
    .map((d) => ({ ref: d.taskDefinitionArn, at: d.updatedAt, source: 'ECS' }))
  for (const seen of [...fromEcs, ...ours]) {
    const name = revisionName(seen.ref)
    if (name === current.name || name.split(':')[0] !== current.family) continue
    const td = await describeTaskDefinition(region, seen.ref).catch(() => null)
    if (!td || td.status !== 'ACTIVE') continue
    const by = seen.source === 'ECS' ? 'a completed deployment ECS still lists' : 'our records of a succeeded action'
    return { target: td, reason: `last steady revision: ${td.name}, steady at ${seen.at?.replace('T', ' ').slice(0, 19) ?? 'an unknown time'} UTC (${by})` }
  }
  return null
}

const imagesOf = (td: TaskDefinitionSummary) => td.containers.map((c) => c.image ?? '?').join(', ')

export async function planRemediation(s: ServiceTarget, action: RemediationParams, steady: SteadyRevision[] = []): Promise<Plan> {
  const ref = { region: s.region, cluster: s.cluster, service: s.ecsServiceName }
  const status: EcsServiceStatus = await describeService(ref)
  // A deleted (INACTIVE) or deleting (DRAINING) service cannot be scaled, restarted or rolled back.
  if (status.status !== 'ACTIVE') {
    throw new AppError(
      'CONFLICT',
      `${s.ecsServiceName} is ${status.status} in ECS (${status.status === 'INACTIVE' ? 'deleted' : 'being deleted'}): there is nothing to remediate. Recreate the service, or remove it from the catalog.`,
    )
  }
  // Only a rollback or a memory change needs the task definitions; scaling and a
  // restart go straight on, which keeps the path from click to AWS short.
  const needsHistory = action.kind === 'ROLLBACK' || action.kind === 'RAISE_MEMORY'
  const history: TaskDefinitionHistory | null = needsHistory ? await getTaskDefinitionHistory(s.region, status.taskDefinitionArn) : null
  const before = {
    desired: status.desiredCount,
    running: status.runningCount,
    taskDefinition: status.taskDefinition,
    taskDefinitionArn: status.taskDefinitionArn,
    memory: history?.current.memory ?? null,
    cpu: history?.current.cpu ?? null,
    ...(history ? { image: imagesOf(history.current) } : {}),
    deploymentIds: status.deployments.map((d) => d.id),
  }
  const where = `${s.ecsServiceName} in ${envName(s.environment)}`
  switch (action.kind) {
    case 'FORCE_NEW_DEPLOYMENT':
      return {
        summary: `force a new deployment of ${where}: replace all ${status.desiredCount} tasks with fresh ones from ${status.taskDefinition}`,
        details: [{ label: 'task definition', from: status.taskDefinition, to: `${status.taskDefinition} (same, new tasks)` }],
        warnings: status.desiredCount === 0 ? ['The service has no desired tasks, so nothing will be replaced.'] : [],
        destructive: false,
        before,
        target: {},
      }
    case 'SCALE': {
      const to = action.desiredCount
      if (to === status.desiredCount)
        throw new AppError('VALIDATION', `${s.ecsServiceName} already wants ${to} tasks.`, { 'action.desiredCount': ['Choose a different count'] })
      const warnings: string[] = []
      if (to === 0) warnings.push('Scaling to zero stops every task: the service takes no traffic until scaled up again.')
      else if (to < status.desiredCount / 2) warnings.push('This removes more than half of the running capacity.')
      return {
        summary: `desired ${status.desiredCount} → ${to} on ${where}`,
        details: [{ label: 'desired tasks', from: String(status.desiredCount), to: String(to) }],
        warnings,
        destructive: to === 0 || to < status.desiredCount / 2,
        before,
        target: { desiredCount: to },
      }
    }
    case 'ROLLBACK': {
      const current = history!.current
      const steadyTarget = await rollbackTarget(s.region, status, current, steady)
      const previous = steadyTarget?.target ?? history!.previous
      if (!previous) throw new AppError('CONFLICT', `${current.name} has no earlier active revision to roll back to.`)
      const targetReason =
        steadyTarget?.reason ??
        `no steady revision on record (neither a completed deployment in ECS nor a succeeded action of ours): falling back to the previous active revision, ${previous.name}`
      return {
        summary: `roll back ${where} from ${current.name} to ${previous.name}`,
        targetReason,
        details: [
          { label: 'task definition', from: current.name, to: previous.name },
          { label: 'image', from: imagesOf(current), to: imagesOf(previous) },
          { label: 'memory / cpu', from: `${current.memory ?? '—'} / ${current.cpu ?? '—'}`, to: `${previous.memory ?? '—'} / ${previous.cpu ?? '—'}` },
        ],
        warnings: [`Database migrations that ${current.name} applied are not rolled back: check that ${previous.name} still works with the current schema.`],
        destructive: true,
        before,
        target: { taskDefinitionArn: previous.arn, image: imagesOf(previous) },
      }
    }
    case 'RAISE_MEMORY': {
      const current = history!.current
      const now = Number(current.memory ?? 0)
      if (now && action.memoryMiB <= now) {
        throw new AppError('VALIDATION', `${current.name} already has ${now} MiB; choose more.`, { 'action.memoryMiB': [`Use more than ${now} MiB`] })
      }
      const details = [{ label: 'memory (MiB)', from: current.memory ?? '—', to: String(action.memoryMiB) }]
      if (action.cpu) details.push({ label: 'cpu units', from: current.cpu ?? '—', to: String(action.cpu) })
      return {
        summary: `register a new revision of ${current.family} with ${action.memoryMiB} MiB${action.cpu ? ` and ${action.cpu} CPU units` : ''} (from ${current.memory ?? '?'} MiB), then deploy it to ${where}`,
        details,
        warnings: ['Every task is replaced by one with the new limits; Fargate accepts only certain memory and CPU pairs.'],
        destructive: false,
        before,
        target: { memoryMiB: action.memoryMiB, cpu: action.cpu },
      }
    }
  }
}
