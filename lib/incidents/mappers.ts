// Row shapes selected from the database and their mapping to DTOs, shared by
// queries.ts and mutations.ts. No database access here.
import type { SeverityPolicyRow, TimelineEntryDto, UserRef } from './dto'
import type { Severity } from './policy'
import type { TimelineKind } from './timeline'

export const userRefSelect = { id: true, name: true } as const

export const timelineEntrySelect = {
  id: true,
  kind: true,
  at: true,
  text: true,
  data: true,
  actor: { select: userRefSelect },
} as const

export type TimelineEntryRow = { id: number; kind: string; at: Date; text: string; data: unknown; actor: UserRef | null }

export function toTimelineEntryDto(row: TimelineEntryRow): TimelineEntryDto {
  return { id: row.id, kind: row.kind as TimelineKind, at: row.at.toISOString(), actor: row.actor, text: row.text, data: row.data ?? null }
}

export const severityPolicySelect = {
  severity: true,
  description: true,
  ackWithinMinutes: true,
  resolveWithinMinutes: true,
  updateEveryMinutes: true,
  updatesAtStartAndEnd: true,
  escalateAfterMinutes: true,
  postmortemRequired: true,
  version: true,
} as const

export type SeverityPolicyDbRow = Omit<SeverityPolicyRow, 'severity'> & { severity: Severity }

export function toSeverityPolicyRow(row: SeverityPolicyDbRow): SeverityPolicyRow {
  return { ...row }
}

export const serviceRefSelect = {
  id: true,
  name: true,
  environment: true,
  region: true,
  cluster: true,
  ecsServiceName: true,
} as const

export const incidentRef = (number: number) => `INC-${number}`

export const iso = (d: Date | null) => (d ? d.toISOString() : null)
