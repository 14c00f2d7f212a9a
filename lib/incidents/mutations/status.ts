import 'server-only'
import { fieldError } from '@/lib/errors'
import type { ActorContext } from '@/lib/actions/actor'
import type { IncidentChange } from '../dto'
import { incidentRef } from '../mappers'
import { formatMinutes } from '../policy'
import type { ChangeStatusInput } from '../schemas'
import { checkTransition, statusLabels } from '../transitions'
import { changeIncident, type IncidentEdit } from './change'

/**
 * Moves the incident along INVESTIGATING → IDENTIFIED → MONITORING → RESOLVED as
 * transitions.ts allows: forward (skips included), back with a reason, to RESOLVED
 * with a resolution summary, and out of RESOLVED (reopening) with a reason. Moving
 * an unacknowledged incident counts as acknowledging it.
 */
export function changeStatus(ctx: ActorContext, input: ChangeStatusInput): Promise<IncidentChange> {
  return changeIncident(ctx, input, (_tx, row, now): IncidentEdit => {
    const check = checkTransition(row.status, input.status, input)
    if (!check.ok) fieldError(check.field, check.message)
    const from = row.status
    const to = input.status
    const ref = incidentRef(row.number)

    if (check.kind === 'resolve') {
      const summary = input.resolutionSummary!.trim()
      const openedAt = row.reopenedAt ?? row.declaredAt
      const durationMinutes = Math.max(0, Math.floor((now.getTime() - openedAt.getTime()) / 60_000))
      return {
        data: {
          status: 'RESOLVED',
          resolvedAt: now,
          resolutionSummary: summary,
          mitigatedAt: row.mitigatedAt ?? now,
          acknowledgedAt: row.acknowledgedAt ?? now,
        },
        entry: {
          kind: 'resolved',
          text: `Resolved after ${formatMinutes(durationMinutes)}: ${summary}`,
          data: { from, to, resolutionSummary: summary, durationMinutes },
        },
        audit: { action: 'incident.status.resolve', params: { incident: ref, from, durationMinutes }, reason: summary },
      }
    }

    if (check.kind === 'reopen') {
      const reason = input.reason!.trim()
      return {
        data: { status: to, resolvedAt: null, resolutionSummary: null, mitigatedAt: null, reopenedAt: now, reopenCount: { increment: 1 } },
        entry: {
          kind: 'reopened',
          text: `Reopened as ${statusLabels[to]}: ${reason}`,
          data: { from, to, reason, previousResolvedAt: row.resolvedAt?.toISOString() ?? null, previousResolutionSummary: row.resolutionSummary },
        },
        audit: { action: 'incident.status.reopen', params: { incident: ref, to }, reason },
      }
    }

    const reason = input.reason?.trim() || null
    const acknowledging = row.acknowledgedAt == null
    return {
      data: {
        status: to,
        acknowledgedAt: row.acknowledgedAt ?? now,
        // mitigatedAt marks the fix now being watched; going back a step means it did not hold.
        mitigatedAt: check.kind === 'step_back' ? null : to === 'MONITORING' ? (row.mitigatedAt ?? now) : row.mitigatedAt,
      },
      entry: {
        kind: 'status_changed',
        text: `Status changed from ${statusLabels[from]} to ${statusLabels[to]}${reason ? `: ${reason}` : ''}`,
        data: { from, to, ...(reason ? { reason } : {}), ...(acknowledging ? { acknowledged: true } : {}) },
      },
    }
  })
}
