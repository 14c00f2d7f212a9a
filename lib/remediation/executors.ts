import 'server-only'
// One executor per kind of action: which AWS changes it sends, how each is audited, and what
// it asks ECS for. The executors know nothing of the database: the runner (run.ts) gives them
// `step`, which audits each change and records what it created before the next one starts.
import type { AuditAction } from '@/lib/audit/actions'
import { deployTaskDefinition, describeTaskDefinition, forceNewDeployment, registerTaskDefinitionFrom, updateDesiredCount } from '@/lib/aws/ecs'
import { mayHaveLanded } from '@/lib/aws/errors'
import type { ServiceRef } from '@/lib/aws/types'
import type { Change } from './judge'
import type { RemediationKind } from './schemas'

export type RunParams = { desiredCount?: number; taskDefinitionArn?: string; memoryMiB?: number; cpu?: number }

export type AuditSpec = { action: AuditAction; targetType: string; targetId: string; params: Record<string, unknown> }

export type StepRunner = {
  /** Audits one AWS change (PENDING before, completed after) and runs it once. */
  step<T extends { awsRequestId: string | null }>(audit: AuditSpec, call: () => Promise<T>): Promise<T>
  /** Records a task definition revision registered for this request, before it is deployed. */
  registered(arn: string, name: string): Promise<void>
}

export type Sent = { awsRequestId: string | null; deploymentId: string | null }

export type Executor = {
  /** The change as the read-back checks for it (after a call that did not answer). */
  change(p: RunParams, registeredArn: string | null): Change
  send(ref: ServiceRef, p: RunParams, before: { taskDefinitionArn: string }, run: StepRunner): Promise<Sent>
}

const serviceAudit = (ref: ServiceRef, action: AuditAction, params: Record<string, unknown>): AuditSpec => ({
  action,
  targetType: 'ecs-service',
  targetId: `${ref.region}/${ref.cluster}/${ref.service}`,
  params,
})

const forceDeploy: Executor = {
  change: () => ({ kind: 'FORCE_NEW_DEPLOYMENT' }),
  send: (ref, _p, _b, run) => run.step(serviceAudit(ref, 'ecs.service.force_deploy', {}), () => forceNewDeployment(ref)),
}

const scale: Executor = {
  change: (p) => ({ kind: 'SCALE', desiredCount: p.desiredCount ?? 0 }),
  async send(ref, p, _b, run) {
    const out = await run.step(serviceAudit(ref, 'ecs.service.scale', { desiredCount: p.desiredCount ?? 0 }), () =>
      updateDesiredCount(ref, p.desiredCount ?? 0),
    )
    return { awsRequestId: out.awsRequestId, deploymentId: out.service.primaryDeployment?.id ?? null }
  },
}

const rollback: Executor = {
  change: (p) => ({ kind: 'ROLLBACK', taskDefinitionArn: p.taskDefinitionArn }),
  send: (ref, p, _b, run) =>
    run.step(serviceAudit(ref, 'ecs.service.rollback', { taskDefinition: p.taskDefinitionArn ?? '' }), () =>
      deployTaskDefinition(ref, p.taskDefinitionArn ?? ''),
    ),
}

/** Two changes: register a revision with more memory, then deploy it. */
const raiseMemory: Executor = {
  change: (_p, registeredArn) => ({ kind: 'RAISE_MEMORY', taskDefinitionArn: registeredArn ?? undefined }),
  async send(ref, p, before, run) {
    const source = before.taskDefinitionArn
    const family = source.split('/').pop()!.split(':')[0]
    const latestBefore = await describeTaskDefinition(ref.region, family)
    const audit: AuditSpec = {
      action: 'ecs.taskdef.register',
      targetType: 'task-definition',
      targetId: source,
      params: { memoryMiB: p.memoryMiB ?? null, cpu: p.cpu ?? null },
    }
    let registered: { arn: string; name: string }
    try {
      const out = await run.step(audit, () => registerTaskDefinitionFrom(ref.region, source, { memory: p.memoryMiB, cpu: p.cpu }))
      registered = { arn: out.taskDefinition.arn, name: out.taskDefinition.name }
    } catch (err) {
      if (!mayHaveLanded(err)) throw err
      // No answer: look for the revision it would have made, rather than register again.
      const latest = await describeTaskDefinition(ref.region, family).catch(() => null)
      const landed = latest && latest.revision > latestBefore.revision && Number(latest.memory) === p.memoryMiB
      if (!latest) throw new Error(`RegisterTaskDefinition did not answer and ${family} could not be read back: a new revision may have been left behind.`)
      if (!landed) throw new Error(`RegisterTaskDefinition did not answer; read back: no new revision of ${family} (nothing changed).`)
      registered = { arn: latest.arn, name: latest.name }
    }
    await run.registered(registered.arn, registered.name)
    return run.step(serviceAudit(ref, 'ecs.service.deploy', { taskDefinition: registered.arn }), () => deployTaskDefinition(ref, registered.arn))
  },
}

export const executors: Record<RemediationKind, Executor> = {
  FORCE_NEW_DEPLOYMENT: forceDeploy,
  SCALE: scale,
  ROLLBACK: rollback,
  RAISE_MEMORY: raiseMemory,
}
