// Number formatting shared by the dashboard's panels. Client-safe.
import { formatMinutes, type Severity } from '@/lib/incidents/policy'

export const severityColour: Record<Severity, string> = {
  SEV1: '#dc2626',
  SEV2: '#f97316',
  SEV3: '#eab308',
  SEV4: '#94a3b8',
}

export const minutesText = (m: number | null | undefined) => (m == null ? '—' : formatMinutes(m))

export const percentText = (share: number | null) => (share == null ? '—' : `${Math.round(share * 100)}%`)

/** "↓ 12%" (better) or "↑ 30%" (worse) for a time compared with the previous period. */
export function change(now: number | null, before: number | null): { text: string; better: boolean } | null {
  if (now == null || before == null || before === 0) return null
  const diff = (now - before) / before
  if (Math.abs(diff) < 0.005) return { text: '±0%', better: true }
  return { text: `${diff < 0 ? '↓' : '↑'} ${Math.round(Math.abs(diff) * 100)}%`, better: diff < 0 }
}
