import 'server-only'
// What the service page needs when a runbook step's "Open fix-it" link opens it: the
// incident to act under, the step to link the request to, and a proposed reason. A link
// whose run, step or action does not match gives no context (the dialog then starts
// empty); the request action checks the same again.
import type { Actor } from '@/lib/actions/actor'
import { getIncident } from '@/lib/incidents/queries'
import type { RemediationKind } from '@/lib/remediation/schemas'
import { proposeFixReason } from './fix-reason'
import { fixStepOf } from './queries'

export type FixContext = { incidentId: string; runbookStep: { runId: string; stepId: string }; reason: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function fixContextFor(actor: Actor, kind: RemediationKind, runId?: string, stepId?: string): Promise<FixContext | null> {
  if (!runId || !stepId || !UUID.test(runId) || stepId.length > 100) return null
  const step = await fixStepOf(runId, stepId)
  if (!step || step.kind !== kind) return null
  const incident = await getIncident(actor, step.incidentId)
  return {
    incidentId: incident.id,
    runbookStep: { runId, stepId },
    reason: proposeFixReason({ incidentRef: incident.ref, incidentTitle: incident.title, runbookTitle: step.runbookTitle, stepTitle: step.stepTitle }),
  }
}
