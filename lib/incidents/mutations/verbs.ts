import 'server-only'
import type { ActorContext } from '@/lib/actions/actor'
import { can } from '@/lib/auth/permissions'
import { db } from '@/lib/db/client'
import { AppError, fieldError } from '@/lib/errors'
import { formatUtc } from '../clocks'
import type { IncidentChange, TimelineEntryDto } from '../dto'
import { incidentRef, timelineEntrySelect, toTimelineEntryDto, userRefSelect } from '../mappers'
import { formatMinutes } from '../policy'
import type { AcknowledgeIncidentInput, AddNoteInput, AssignRoleInput, ChangeServiceInput, ChangeSeverityInput } from '../schemas'
import { incidentRoleLabels, type IncidentRole } from '../timeline'
import { assignableUser, changeIncident, requireIncidentWrite, type CurrentIncident } from './change'
import { lockExistingIncident } from './timeline'

/** Many people may write notes at once; give each transaction room to wait its turn for the row. */
const NOTE_TX = { maxWait: 15_000, timeout: 20_000 }

/** An incident's severity and roles belong to its commander, or to anyone with the commander role. */
function assertMayCommand(ctx: ActorContext, row: CurrentIncident, what: string) {
  if (row.commanderId === ctx.actor.id || can(ctx.actor.role, 'incident:command')) return
  throw new AppError('FORBIDDEN', `Only the commander of ${incidentRef(row.number)} or an incident commander can change its ${what}.`)
}

export function acknowledgeIncident(ctx: ActorContext, input: AcknowledgeIncidentInput): Promise<IncidentChange> {
  return changeIncident(ctx, input, (_tx, row, now) => {
    const ref = incidentRef(row.number)
    if (row.acknowledgedAt) throw new AppError('CONFLICT', `${ref} was already acknowledged at ${formatUtc(row.acknowledgedAt)}.`)
    if (row.status === 'RESOLVED') throw new AppError('VALIDATION', `${ref} is resolved; there is nothing to acknowledge.`)
    const minutes = Math.max(0, Math.floor((now.getTime() - row.declaredAt.getTime()) / 60_000))
    return {
      data: { acknowledgedAt: now },
      entry: { kind: 'acknowledged', text: `Acknowledged ${formatMinutes(minutes)} after it was declared`, data: { minutesToAcknowledge: minutes } },
    }
  })
}

export function changeSeverity(ctx: ActorContext, input: ChangeSeverityInput): Promise<IncidentChange> {
  return changeIncident(ctx, input, (_tx, row) => {
    assertMayCommand(ctx, row, 'severity')
    if (row.severity === input.severity) fieldError('severity', `${incidentRef(row.number)} is already ${input.severity}.`)
    return {
      data: { severity: input.severity },
      entry: {
        kind: 'severity_changed',
        text: `Severity changed from ${row.severity} to ${input.severity}: ${input.reason}`,
        data: { from: row.severity, to: input.severity, reason: input.reason },
      },
      audit: {
        action: 'incident.severity.change',
        params: { incident: incidentRef(row.number), from: row.severity, to: input.severity },
        reason: input.reason,
      },
    }
  })
}

const roleField = { commander: 'commanderId', comms_lead: 'commsLeadId', ops_lead: 'opsLeadId' } as const satisfies Record<IncidentRole, string>

export function assignRole(ctx: ActorContext, input: AssignRoleInput): Promise<IncidentChange> {
  return changeIncident(ctx, input, async (tx, row) => {
    assertMayCommand(ctx, row, 'roles')
    const label = incidentRoleLabels[input.role]
    const field = roleField[input.role]
    const currentId = row[field]
    if (input.userId === null && input.role === 'commander') fieldError('userId', 'An incident always has a commander; choose who takes over.')
    if (input.userId === currentId) fieldError('userId', input.userId ? `That person is already the ${label}.` : `Nobody is the ${label}.`)
    const to = input.userId ? await assignableUser(tx, input.userId, 'userId') : null
    const from = currentId ? await tx.user.findUnique({ where: { id: currentId }, select: userRefSelect }) : null
    const text = to ? `${to.name} is now the ${label}${from ? ` (taking over from ${from.name})` : ''}` : `${from?.name ?? 'Nobody'} is no longer the ${label}`
    return {
      data: { [field]: to?.id ?? null },
      entry: { kind: 'role_assigned', text, data: { role: input.role, from, to } },
      audit: { action: 'incident.role.assign', params: { incident: incidentRef(row.number), role: input.role, from: from?.id ?? null, to: to?.id ?? null } },
    }
  })
}

function changeService(ctx: ActorContext, input: ChangeServiceInput, change: 'add' | 'remove'): Promise<IncidentChange> {
  return changeIncident(ctx, input, async (tx, row) => {
    const service = await tx.service.findUnique({ where: { id: input.serviceId }, select: { id: true, name: true, environment: true, cluster: true } })
    if (!service) throw new AppError('NOT_FOUND', 'That service is no longer in the catalog.')
    const named = `${service.name} (${service.environment.toLowerCase()})`
    const key = { incidentId_serviceId: { incidentId: row.id, serviceId: service.id } }
    const linked = await tx.incidentService.findUnique({ where: key, select: { serviceId: true } })
    if (change === 'add' && linked) fieldError('serviceId', `${named} is already listed as affected.`)
    if (change === 'remove' && !linked) fieldError('serviceId', `${named} is not listed as affected.`)
    return {
      data: {},
      also: (t) =>
        change === 'add' ? t.incidentService.create({ data: { incidentId: row.id, serviceId: service.id } }) : t.incidentService.delete({ where: key }),
      entry: {
        kind: change === 'add' ? 'service_added' : 'service_removed',
        text: change === 'add' ? `Added ${named} to the affected services` : `Removed ${named} from the affected services`,
        data: { serviceId: service.id, name: service.name, environment: service.environment, cluster: service.cluster },
      },
    }
  })
}

export function addService(ctx: ActorContext, input: ChangeServiceInput) {
  return changeService(ctx, input, 'add')
}

export function removeService(ctx: ActorContext, input: ChangeServiceInput) {
  return changeService(ctx, input, 'remove')
}

/**
 * Adds a note. Notes never conflict (no version check, no version bump) and are
 * never lost: each waits its turn for the incident's row lock, so concurrent notes
 * all land, in id order.
 */
export async function addNote(ctx: ActorContext, input: AddNoteInput): Promise<TimelineEntryDto> {
  requireIncidentWrite(ctx)
  return db.$transaction(async (tx) => {
    await lockExistingIncident(tx, input.incidentId)
    const now = new Date()
    await tx.incident.update({ where: { id: input.incidentId }, data: { lastProgressAt: now }, select: { id: true } })
    const entry = await tx.timelineEntry.create({
      data: { incidentId: input.incidentId, kind: 'note', actorId: ctx.actor.id, at: now, text: input.text },
      select: timelineEntrySelect,
    })
    return toTimelineEntryDto(entry)
  }, NOTE_TX)
}
