// What an approver sees: the change the requester previewed, rebuilt from what the
// request stored when it was made (its state before, and the resolved target), so
// a second person decides on exactly what will run, not on a one-line summary.
import type { RemediationView } from './dto'

export type ApprovalPreview = {
  details: { label: string; from: string; to: string }[]
  warnings: string[]
}

type Before = {
  desired?: number
  running?: number
  taskDefinition?: string
  taskDefinitionArn?: string
  memory?: string | null
  cpu?: string | null
  image?: string
}
type Params = { kind?: string; desiredCount?: number; taskDefinitionArn?: string; memoryMiB?: number; cpu?: number; image?: string }

/** "arn:aws:ecs:…:task-definition/orders-api:41" → "orders-api:41". */
export function taskDefinitionName(arn: string) {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

export function approvalPreview(r: Pick<RemediationView, 'kind' | 'before' | 'params'>): ApprovalPreview {
  const before = (r.before ?? {}) as Before
  const params = (r.params ?? {}) as Params
  const td = before.taskDefinition ?? (before.taskDefinitionArn ? taskDefinitionName(before.taskDefinitionArn) : '?')
  const tasks = before.desired != null ? `${before.running ?? '?'}/${before.desired} tasks running when asked` : null
  const warnings: string[] = []
  switch (r.kind) {
    case 'FORCE_NEW_DEPLOYMENT':
      if (before.desired === 0) warnings.push('The service had no desired tasks, so nothing will be replaced.')
      return { details: [{ label: 'task definition', from: td, to: `${td} (same, new tasks)` }], warnings: tasks ? [...warnings, tasks] : warnings }
    case 'SCALE': {
      const to = params.desiredCount
      if (to === 0) warnings.push('Scaling to zero stops every task: the service takes no traffic until scaled up again.')
      else if (to != null && before.desired != null && to < before.desired / 2) warnings.push('This removes more than half of the running capacity.')
      return { details: [{ label: 'desired tasks', from: String(before.desired ?? '?'), to: String(to ?? '?') }], warnings }
    }
    case 'ROLLBACK': {
      const target = params.taskDefinitionArn ? taskDefinitionName(params.taskDefinitionArn) : '?'
      warnings.push(`Database migrations that ${td} applied are not rolled back: check that ${target} still works with the current schema.`)
      return {
        details: [
          { label: 'task definition', from: td, to: target },
          // The image diff the requester saw (requests stored before images were kept show "?").
          { label: 'image', from: before.image ?? '?', to: params.image ?? '?' },
          ...(before.taskDefinitionArn ? [{ label: 'task definition ARN', from: before.taskDefinitionArn, to: params.taskDefinitionArn ?? '?' }] : []),
        ],
        warnings: tasks ? [...warnings, tasks] : warnings,
      }
    }
    case 'RAISE_MEMORY': {
      const details = [{ label: 'memory (MiB)', from: before.memory ?? '—', to: String(params.memoryMiB ?? '?') }]
      if (params.cpu) details.push({ label: 'cpu units', from: before.cpu ?? '—', to: String(params.cpu) })
      warnings.push('Every task is replaced by one with the new limits; Fargate accepts only certain memory and CPU pairs.')
      return { details, warnings }
    }
    default:
      return { details: [], warnings }
  }
}
