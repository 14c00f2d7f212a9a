// Runbooks as plain data for the browser: steps with their commands rendered for one
// service (or with placeholders), so no function ever crosses to the client.
import { remediationKindLabels, type RemediationKind } from '@/lib/remediation/schemas'
import { describeStep, stepCommands, type RemediationContext, type RenderedCommand } from './render'
import { diagnosticKinds, phaseLabels, type Phase, type Runbook, type RunbookStep, type StepKind } from './types'

export type StepView = {
  id: string
  phase: Phase
  phaseLabel: string
  kind: StepKind
  title: string
  detail: string | null
  when: string | null
  caution: string | null
  optional: boolean
  /** What the step does for this service, in one line. */
  describes: string
  commands: RenderedCommand[]
  diagnostic: { kind: string; title: string; description: string } | null
  /** The guarded action of the remediation feature this step maps to. */
  remediation: { kind: RemediationKind; label: string } | null
  update: string | null
}

export type RunbookView = {
  id: string
  title: string
  summary: string
  category: string
  severityHint: string | null
  symptoms: string[]
  related: string[]
  steps: StepView[]
}

export const placeholderContext: RemediationContext = {
  region: '<region>',
  cluster: '<cluster>',
  service: '<service>',
  environment: '<environment>',
}

export const remediationKindOf = (step: RunbookStep): RemediationKind | null => {
  if (step.kind !== 'remediation') return null
  return ({ force_new_deployment: 'FORCE_NEW_DEPLOYMENT', scale: 'SCALE', rollback: 'ROLLBACK', raise_memory: 'RAISE_MEMORY' } as const)[step.action.kind]
}

export function stepView(step: RunbookStep, ctx: RemediationContext): StepView {
  const remediation = remediationKindOf(step)
  return {
    id: step.id,
    phase: step.phase,
    phaseLabel: phaseLabels[step.phase],
    kind: step.kind,
    title: step.title,
    detail: step.detail ?? null,
    when: step.when ?? null,
    caution: step.caution ?? null,
    optional: step.optional ?? false,
    describes: describeStep(step, ctx),
    commands: stepCommands(step, ctx),
    diagnostic: step.kind === 'diagnostic' ? { kind: step.diagnostic, ...diagnosticKinds[step.diagnostic] } : null,
    remediation: remediation ? { kind: remediation, label: remediationKindLabels[remediation] } : null,
    update: step.kind === 'communication' ? step.update : null,
  }
}

export function runbookView(runbook: Runbook, ctx: RemediationContext = placeholderContext): RunbookView {
  return {
    id: runbook.id,
    title: runbook.title,
    summary: runbook.summary,
    category: runbook.category,
    severityHint: runbook.severityHint ?? null,
    symptoms: runbook.symptoms,
    related: runbook.related,
    steps: runbook.steps.map((s) => stepView(s, ctx)),
  }
}
