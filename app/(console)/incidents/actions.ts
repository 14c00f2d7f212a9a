'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/actions/define-action'
import {
  acknowledgeIncident,
  addNote,
  addService,
  assignRole,
  changeSeverity,
  changeStatus,
  declareIncident,
  postStatusUpdate,
  removeService,
} from '@/lib/incidents/mutations'
import {
  acknowledgeIncidentSchema,
  addNoteSchema,
  assignRoleSchema,
  changeServiceSchema,
  changeSeveritySchema,
  changeStatusSchema,
  declareIncidentSchema,
  postStatusUpdateSchema,
} from '@/lib/incidents/schemas'
import { openIncidentsForServices } from '@/lib/incidents/queries'
import { healthSnapshot } from '@/lib/incidents/snapshot'
import { runbookById } from '@/lib/runbooks/catalog'
import { startRunbook } from '@/lib/runbooks/mutations'
import { AppError } from '@/lib/errors'
import { resolveInPagerDuty } from '@/lib/alerts/mutations'

const changed = <T>(result: T) => {
  revalidatePath('/incidents')
  return result
}

// A service that already has an open incident gets a warning, not a second incident,
// unless the person confirms "declare anyway": the form then offers to join the open one.
// The runbook chosen on the form starts right after the incident exists (its own write,
// with its own timeline entry; starting it twice is a no-op, so a retry is safe).
export const declareIncidentAction = defineAction({ schema: declareIncidentSchema, permission: 'incident:write' }, async (input, ctx) => {
  if (input.runbookId && !runbookById(input.runbookId)) throw new AppError('VALIDATION', 'No such runbook.', { runbookId: ['Choose a runbook from the list'] })
  if (!input.declareAnyway) {
    const open = await openIncidentsForServices(ctx.actor, input.serviceIds, input.idempotencyKey)
    if (open.length) return { created: false as const, openIncidents: open }
  }
  const declared = await declareIncident(ctx, { ...input, snapshot: await healthSnapshot(ctx.actor, input.serviceIds) })
  if (input.runbookId) await startRunbook(ctx, { incidentId: declared.id, runbookId: input.runbookId })
  return changed(declared)
})

export const acknowledgeIncidentAction = defineAction({ schema: acknowledgeIncidentSchema, permission: 'incident:write' }, async (input, ctx) =>
  changed(await acknowledgeIncident(ctx, input)),
)

export const changeSeverityAction = defineAction({ schema: changeSeveritySchema, permission: 'incident:write' }, async (input, ctx) =>
  changed(await changeSeverity(ctx, input)),
)

export const changeStatusAction = defineAction({ schema: changeStatusSchema, permission: 'incident:write' }, async (input, ctx) => {
  const result = changed(await changeStatus(ctx, input))
  // After the commit: an incident the alerts declared and paged for is resolved in PagerDuty too.
  if (input.status === 'RESOLVED') await resolveInPagerDuty(ctx, input.incidentId)
  return result
})

export const assignRoleAction = defineAction({ schema: assignRoleSchema, permission: 'incident:write' }, async (input, ctx) =>
  changed(await assignRole(ctx, input)),
)

export const addServiceAction = defineAction({ schema: changeServiceSchema, permission: 'incident:write' }, async (input, ctx) =>
  changed(await addService(ctx, input)),
)

export const removeServiceAction = defineAction({ schema: changeServiceSchema, permission: 'incident:write' }, async (input, ctx) =>
  changed(await removeService(ctx, input)),
)

export const addNoteAction = defineAction({ schema: addNoteSchema, permission: 'incident:write' }, async (input, ctx) => changed(await addNote(ctx, input)))

export const postStatusUpdateAction = defineAction({ schema: postStatusUpdateSchema, permission: 'incident:write' }, async (input, ctx) =>
  changed(await postStatusUpdate(ctx, input)),
)
