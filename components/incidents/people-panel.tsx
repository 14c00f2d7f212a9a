'use client'

import { assignRoleAction } from '@/app/(console)/incidents/actions'
import type { AssignableUser, IncidentDetail } from '@/lib/incidents/dto'
import { incidentRoleLabels, incidentRoles, type IncidentRole } from '@/lib/incidents/timeline'
import { NoticeLine } from '@/components/ui/notice'
import { useIncidentAction } from './use-incident-action'

const holderOf = (i: IncidentDetail, role: IncidentRole) => (role === 'commander' ? i.commander : role === 'comms_lead' ? i.commsLead : i.opsLead)

export function PeoplePanel({ incident, people, canWrite }: Readonly<{ incident: IncidentDetail; people: AssignableUser[]; canWrite: boolean }>) {
  const { run, pending, notice } = useIncidentAction(incident.id)
  return (
    <section aria-labelledby="roles-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="roles-heading" className="mb-2 text-sm font-semibold">
        Roles
      </h2>
      <dl className="space-y-2">
        {incidentRoles.map((role) => {
          const holder = holderOf(incident, role)
          return (
            <div key={role} className="flex items-center justify-between gap-2">
              <dt className="text-sm text-slate-600 first-letter:uppercase">{incidentRoleLabels[role]}</dt>
              <dd>
                {canWrite ? (
                  <>
                    <label htmlFor={`role-${role}`} className="sr-only">
                      {incidentRoleLabels[role]}
                    </label>
                    <select
                      id={`role-${role}`}
                      value={holder?.id ?? ''}
                      disabled={pending}
                      onChange={(e) =>
                        run(
                          () => assignRoleAction({ incidentId: incident.id, expectedVersion: incident.version, role, userId: e.target.value || null }),
                          `${incidentRoleLabels[role]} updated.`,
                        )
                      }
                      className="max-w-44 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                    >
                      {role !== 'commander' ? <option value="">Unassigned</option> : null}
                      {/* An incident an alert declared has no commander yet: say so, rather than show the first person as if chosen. */}
                      {role === 'commander' && !holder ? (
                        <option value="" disabled>
                          Nobody yet: choose
                        </option>
                      ) : null}
                      {people.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                    </select>
                  </>
                ) : (
                  <span className="text-sm font-medium">{holder?.name ?? 'Unassigned'}</span>
                )}
              </dd>
            </div>
          )
        })}
      </dl>
      <div className="mt-2">
        <NoticeLine notice={notice} />
      </div>
    </section>
  )
}
