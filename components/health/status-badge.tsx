import type { HealthStatus } from '@/lib/health/rules'

const styles: Record<HealthStatus, { dot: string; text: string; label: string }> = {
  critical: { dot: 'bg-critical', text: 'text-red-800 bg-red-50 ring-red-200', label: 'Critical' },
  degraded: { dot: 'bg-degraded', text: 'text-amber-800 bg-amber-50 ring-amber-200', label: 'Degraded' },
  unknown: { dot: 'bg-slate-400', text: 'text-slate-700 bg-slate-100 ring-slate-200', label: 'Unknown' },
  healthy: { dot: 'bg-healthy', text: 'text-green-800 bg-green-50 ring-green-200', label: 'Healthy' },
}

export function statusLabel(status: HealthStatus) {
  return styles[status].label
}

export function StatusBadge({ status }: Readonly<{ status: HealthStatus }>) {
  const s = styles[status]
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ${s.text}`}>
      <span aria-hidden className={`h-2 w-2 rounded-full ${s.dot} ${status === 'critical' ? 'animate-pulse' : ''}`} />
      {s.label}
    </span>
  )
}
