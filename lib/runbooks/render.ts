// Turns runbook steps into what a person reads and copies for one service: the commands
// filled in (values quoted by `sh`, never executed), the exact change a remediation would
// make, and what a verification checks. Pure and client-safe.
import { sh } from '@/lib/commands/shell'
import { statusUpdateKindLabels } from '@/lib/incidents/status-update'
import { thresholds } from '@/lib/health/thresholds'
import {
  alarmsInAlarm,
  blockingChains,
  connectionLimit,
  connectionsByState,
  longestQueries,
  waitingOnLocks,
  cpuStats,
  describeTask,
  forceNewDeploymentCli,
  grepLogs,
  lastStoppedTask,
  memoryStats,
  probeHealth,
  rollbackCli,
  runningTasks,
  serviceCounts,
  serviceDeployments,
  serviceEvents,
  shortTaskDefinition,
  stoppedTasks,
  targetHealthCli,
  target5xx,
  targetLatency,
  taskDefinitionResources,
  taskDefinitionRevisions,
  valueOr,
  waitStable,
} from './templates'
import {
  actionKinds,
  diagnosticKinds,
  metricSignals,
  type CommandContext,
  type CommandTemplate,
  type DiagnosticKind,
  type DiagnosticParams,
  type RemediationAction,
  type RemediationStep,
  type RunbookStep,
  type ScaleParams,
  type StepCommand,
  type VerificationCheck,
} from './types'

export type RenderedCommand = { label: string; lang: StepCommand['lang']; text: string }

/** What is known about the service right now, for describing a change exactly. */
export type RemediationContext = CommandContext & {
  desiredCount?: number | null
  /** Task-level memory of the running task definition, MiB. */
  memoryMiB?: number | null
  /** Task-level CPU units of the running task definition. */
  cpuUnits?: number | null
}

/** A bare template filled in for the service. */
export const renderTemplate = (template: CommandTemplate, ctx: CommandContext) => template(ctx)

/** A command as text: shell templates filled in for the service, SQL and queries as written. */
export function renderCommand(command: StepCommand, ctx: CommandContext): RenderedCommand {
  const text = command.lang === 'sh' ? command.template(ctx) : command.text
  return { label: command.label, lang: command.lang, text }
}

export const renderCommands = (commands: readonly StepCommand[], ctx: CommandContext) => commands.map((c) => renderCommand(c, ctx))

// ---- remediation ----

const envOf = (ctx: CommandContext) => ctx.environment.toLowerCase()

/** The desired count a scale action leads to; null when it depends on a count we do not know. */
export function scaleTarget(params: ScaleParams, current?: number | null): number | null {
  if (params.mode === 'zero') return 0
  if (params.mode === 'set') return params.desiredCount
  if (current == null || current <= 0) return null
  return Math.ceil(current * params.multiplier)
}

/** Scale to zero and rollback: need a second person's approval in production (ARCHITECTURE.md, "Remediation guards"). */
export function isDestructive(action: RemediationAction) {
  if (action.kind === 'scale') return action.params.mode === 'zero'
  return actionKinds[action.kind].destructive
}

export function needsSecondApproval(action: RemediationAction, environment: string) {
  return isDestructive(action) && environment.toUpperCase() === 'PROD'
}

const times = (n: number) => `×${Number.isInteger(n) ? n : n.toFixed(2).replace(/0+$/, '')}`

function newMemory(action: Extract<RemediationAction, { kind: 'raise_memory' }>, current?: number | null) {
  const p = action.params
  if (p.memoryMiB != null) return p.memoryMiB
  return current != null ? Math.round(current * p.factor) : null
}

/** The exact change a remediation makes, in words: "desired 4 → 8 on orders-api in prod". */
export function describeRemediation(stepOrAction: RemediationStep | RemediationAction, ctx: RemediationContext): string {
  const action = 'action' in stepOrAction ? stepOrAction.action : stepOrAction
  const { service } = ctx
  const where = `on ${service} in ${envOf(ctx)}`

  switch (action.kind) {
    case 'force_new_deployment':
      return `force a new deployment of ${service} (rolling restart)`

    case 'scale': {
      const current = ctx.desiredCount
      const target = scaleTarget(action.params, current)
      const note = action.params.mode === 'zero' ? ' (stops every task)' : ''
      if (target != null && current != null) return `desired ${current} → ${target} ${where}${note}`
      if (target != null) return `desired count → ${target} ${where}${note}`
      return `desired count ${action.params.mode === 'multiply' ? times(action.params.multiplier) : '?'} ${where}`
    }

    case 'rollback': {
      const current = ctx.taskDefinition ? shortTaskDefinition(ctx.taskDefinition) : null
      const previous = ctx.previousTaskDefinition ? shortTaskDefinition(ctx.previousTaskDefinition) : null
      if (current && previous) {
        const [family, revision] = previous.split(':')
        const to = family === current.split(':')[0] && revision ? `:${revision}` : previous
        return `roll back ${service} from ${current} to ${to}`
      }
      if (current) return `roll back ${service} from ${current} to the previous revision`
      if (previous) return `roll back ${service} to ${previous}`
      return `roll back ${service} to the previous task definition revision`
    }

    case 'raise_memory': {
      const p = action.params
      const changes: string[] = []
      const mem = newMemory(action, ctx.memoryMiB)
      const memoryChanges = p.memoryMiB != null ? p.memoryMiB !== ctx.memoryMiB : p.factor !== 1
      if (memoryChanges) {
        if (ctx.memoryMiB != null && mem != null) changes.push(`memory ${ctx.memoryMiB} → ${mem} MiB`)
        else if (p.memoryMiB != null) changes.push(`memory → ${p.memoryMiB} MiB`)
        else changes.push(`memory ${times(p.factor)}`)
      }
      if (p.cpuFactor != null && p.cpuFactor !== 1) {
        changes.push(ctx.cpuUnits != null ? `CPU ${ctx.cpuUnits} → ${Math.round(ctx.cpuUnits * p.cpuFactor)} units` : `CPU ${times(p.cpuFactor)}`)
      }
      const family = ctx.taskDefinition ? shortTaskDefinition(ctx.taskDefinition).split(':')[0] : null
      const how = `registers a new revision${family ? ` of ${family}` : ''}, then deploys it`
      return `${changes.join(', ') || 'no size change'} ${where} (${memoryChanges ? '' : 'memory unchanged; '}${how})`
    }
  }
}

const jqDropReadOnly = 'del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt)'

/** The same change as aws CLI commands, for doing it by hand. */
export function remediationCommands(action: RemediationAction, ctx: RemediationContext): RenderedCommand[] {
  switch (action.kind) {
    case 'force_new_deployment':
      return renderCommands([forceNewDeploymentCli, waitStable], ctx)
    case 'scale': {
      const target = scaleTarget(action.params, ctx.desiredCount)
      const count = target != null ? sh`${target}` : '"$DESIRED_COUNT"'
      return [
        {
          label: target != null ? `Set the desired count to ${target}` : 'Set the desired count (set DESIRED_COUNT)',
          lang: 'sh',
          text: `${sh`aws ecs update-service --region ${ctx.region} --cluster ${ctx.cluster} --service ${ctx.service} --desired-count`} ${count}`,
        },
        renderCommand(waitStable, ctx),
      ]
    }
    case 'rollback':
      return renderCommands([rollbackCli, waitStable], ctx)
    case 'raise_memory': {
      const p = action.params
      const mem = newMemory(action, ctx.memoryMiB)
      const memFactor = p.factor ?? (mem != null && ctx.memoryMiB ? mem / ctx.memoryMiB : null)
      const edits: string[] = []
      if (memFactor !== 1) {
        if (mem != null) edits.push(`.memory = "${mem}"`)
        else if (memFactor != null) edits.push(`.memory = ((.memory | tonumber) * ${memFactor} | floor | tostring)`)
      }
      if (memFactor != null && memFactor !== 1)
        edits.push(`.containerDefinitions |= map(if .memory then .memory = (.memory * ${memFactor} | floor) else . end)`)
      if (p.cpuFactor != null && p.cpuFactor !== 1) edits.push(`.cpu = ((.cpu | tonumber) * ${p.cpuFactor} | floor | tostring)`)
      edits.push(jqDropReadOnly)
      const source = valueOr(ctx.taskDefinition, 'TASK_DEFINITION')
      return [
        {
          label: 'Save the running task definition',
          lang: 'sh',
          text: `${sh`aws ecs describe-task-definition --region ${ctx.region} --task-definition`} ${source} --query taskDefinition > task-definition.json`,
        },
        { label: 'Write the new sizes into a copy', lang: 'sh', text: `jq ${sh`${edits.join(' | ')}`} task-definition.json > task-definition-new.json` },
        {
          label: 'Register it as a new revision',
          lang: 'sh',
          text: `NEW_TASK_DEFINITION=$(${sh`aws ecs register-task-definition --region ${ctx.region}`} --cli-input-json file://task-definition-new.json --query taskDefinition.taskDefinitionArn --output text)`,
        },
        {
          label: 'Deploy the new revision',
          lang: 'sh',
          text: `${sh`aws ecs update-service --region ${ctx.region} --cluster ${ctx.cluster} --service ${ctx.service} --task-definition`} "$NEW_TASK_DEFINITION"`,
        },
        renderCommand(waitStable, ctx),
      ]
    }
  }
}

// ---- verification ----

/** The number a metric check compares with, from lib/health/thresholds.ts. */
export function verificationLimit(check: Extract<VerificationCheck, { kind: 'metric_below' }>): number {
  return thresholds[metricSignals[check.signal].threshold][check.line]
}

export function describeVerification(check: VerificationCheck, ctx?: Partial<CommandContext>): string {
  const service = ctx?.service ?? 'the service'
  switch (check.kind) {
    case 'health_url':
      return `${ctx?.healthUrl ?? 'the health URL'} answers 2xx`
    case 'metric_below': {
      const s = metricSignals[check.signal]
      return `${s.label} of ${service} stays under ${verificationLimit(check)}${s.unit} for ${check.forMinutes} min`
    }
    case 'running_equals_desired':
      return `${service} runs as many tasks as it wants, none pending`
    case 'deployment_steady':
      return `the latest deployment of ${service} completes, with no other in flight`
  }
}

function verificationCommands(check: VerificationCheck, ctx: CommandContext): RenderedCommand[] {
  switch (check.kind) {
    case 'health_url':
      return renderCommands([probeHealth], ctx)
    case 'metric_below':
      return renderCommands([{ cpu: cpuStats, memory: memoryStats, error_rate: target5xx, latency: targetLatency }[check.signal]], ctx)
    case 'running_equals_desired':
      return renderCommands([serviceCounts], ctx)
    case 'deployment_steady':
      return renderCommands([waitStable, serviceDeployments], ctx)
  }
}

// ---- diagnostics ----

/** The aws CLI equivalent of a diagnostic, for a person without the button (or without access). */
export function diagnosticCommands(kind: DiagnosticKind, params: DiagnosticParams | undefined, ctx: CommandContext): RenderedCommand[] {
  const minutes = params?.sinceMinutes ?? 60
  const byKind: Record<DiagnosticKind, StepCommand[]> = {
    service_status: [serviceCounts, serviceDeployments, serviceEvents],
    running_tasks: [runningTasks, describeTask],
    stopped_tasks: [stoppedTasks, lastStoppedTask],
    error_logs: [grepLogs(`Matching log lines, last ${minutes} minutes`, params?.pattern ?? '?ERROR ?FATAL ?Exception ?OutOfMemory ?panic', minutes)],
    cpu_last_hour: [cpuStats],
    memory_last_hour: [memoryStats],
    error_rate_last_hour: [target5xx],
    latency_last_hour: [targetLatency],
    target_health: [targetHealthCli],
    alarms: [alarmsInAlarm],
    task_definitions: [taskDefinitionRevisions, taskDefinitionResources],
    // The same questions in SQL, for psql: the live ones run over a read-only session (lib/databases).
    pg_connections: [connectionsByState, connectionLimit],
    pg_long_queries: [longestQueries],
    pg_idle_in_transaction: [connectionsByState, longestQueries],
    pg_blocking_chains: [blockingChains, waitingOnLocks],
  }
  return renderCommands(byKind[kind], ctx)
}

// ---- any step ----

/** Every command a person could copy for a step: its own, or the CLI equivalent of its action. */
export function stepCommands(step: RunbookStep, ctx: RemediationContext): RenderedCommand[] {
  switch (step.kind) {
    case 'manual':
      return renderCommands(step.commands ?? [], ctx)
    case 'diagnostic':
      return diagnosticCommands(step.diagnostic, step.params, ctx)
    case 'remediation':
      return remediationCommands(step.action, ctx)
    case 'verification':
      return verificationCommands(step.check, ctx)
    case 'communication':
      return []
  }
}

/** One line for the timeline: what the step does for this service. */
export function describeStep(step: RunbookStep, ctx: RemediationContext): string {
  switch (step.kind) {
    case 'manual':
      return step.title
    case 'diagnostic':
      return `${diagnosticKinds[step.diagnostic].title}: ${ctx.service}`
    case 'remediation':
      return describeRemediation(step, ctx)
    case 'verification':
      return describeVerification(step.check, ctx)
    case 'communication':
      return `draft a ${statusUpdateKindLabels[step.update].toLowerCase()}`
  }
}
