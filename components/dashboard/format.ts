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

/**
 * A figure compared with the previous period: "↓ 12%" (better) or "↑ 30%" (worse).
 * When the previous figure is too small for a percentage to mean anything (a count
 * under 10, or a change of more than 300%), the difference is said plainly instead:
 * "↑ 78 (was 1)" for a count, "↑ from 12 min" for a time.
 */
export function change(now: number | null, before: number | null, kind: 'count' | 'minutes' = 'minutes'): { text: string; better: boolean } | null {
  if (now == null || before == null) return null
  const arrow = now < before ? '↓' : '↑'
  if (kind === 'count' && before < 10) {
    if (now === before) return { text: `same (${before})`, better: true }
    return { text: `${arrow} ${Math.abs(now - before)} (was ${before})`, better: now < before }
  }
  if (before === 0) return null
  const diff = (now - before) / before
  if (Math.abs(diff) < 0.005) return { text: '±0%', better: true }
  if (Math.abs(diff) > 3) return { text: `${arrow} from ${kind === 'count' ? before : minutesText(before)}`, better: diff < 0 }
  return { text: `${arrow} ${Math.round(Math.abs(diff) * 100)}%`, better: diff < 0 }
}
