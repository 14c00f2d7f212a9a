import type { ClockState, SlaState } from '@/lib/incidents/clocks'
import { severityMeanings, type Severity } from '@/lib/incidents/policy'
import { statusLabels, type IncidentStatus } from '@/lib/incidents/transitions'

const severityStyle: Record<Severity, string> = {
  SEV1: 'bg-red-600 text-white ring-red-700',
  SEV2: 'bg-orange-700 text-white ring-orange-800',
  SEV3: 'bg-amber-100 text-amber-900 ring-amber-300',
  SEV4: 'bg-slate-100 text-slate-700 ring-slate-300',
}

export function SeverityBadge({ severity, long = false }: Readonly<{ severity: Severity; long?: boolean }>) {
  return (
    <span
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-bold ring-1 ${severityStyle[severity]}`}
      title={severityMeanings[severity].summary}
    >
      {severity}
      {long ? ` · ${severityMeanings[severity].label}` : ''}
    </span>
  )
}

const statusStyle: Record<IncidentStatus, string> = {
  INVESTIGATING: 'bg-red-50 text-red-800 ring-red-200',
  IDENTIFIED: 'bg-amber-50 text-amber-800 ring-amber-200',
  MONITORING: 'bg-blue-50 text-blue-800 ring-blue-200',
  RESOLVED: 'bg-green-50 text-green-800 ring-green-200',
}

export function IncidentStatusBadge({ status }: Readonly<{ status: IncidentStatus }>) {
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ${statusStyle[status]}`}>{statusLabels[status]}</span>
}

const slaStyle: Record<SlaState, string> = {
  ok: 'text-green-700',
  due_soon: 'text-amber-700 font-semibold',
  overdue: 'text-red-700 font-bold',
}

export function SlaText({ state, reason }: Readonly<{ state: SlaState; reason: string | null }>) {
  return (
    <span className={`text-xs ${slaStyle[state]}`}>
      {state === 'overdue' ? '● ' : state === 'due_soon' ? '◐ ' : ''}
      {reason ?? (state === 'ok' ? 'on track' : state)}
    </span>
  )
}

export const clockStyle: Record<ClockState, string> = {
  none: 'border-slate-200 bg-white text-slate-600',
  ok: 'border-slate-200 bg-white text-slate-900',
  due_soon: 'border-amber-300 bg-amber-50 text-amber-900',
  overdue: 'border-red-400 bg-red-50 text-red-900',
  met: 'border-green-200 bg-green-50 text-green-900',
  missed: 'border-red-200 bg-red-50 text-red-800',
}

export function formatAge(minutes: number) {
  if (minutes < 60) return `${Math.max(0, Math.round(minutes))}m`
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h ${Math.round(minutes % 60)}m`
  return `${Math.floor(minutes / 1440)}d ${Math.floor((minutes % 1440) / 60)}h`
}
