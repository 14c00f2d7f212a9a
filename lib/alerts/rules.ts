// An admin's explicit service mappings and routing rules, applied before the defaults. Pure.
import { routeAlert, runbookFor, type AlertCategory, type AlertSignal, type Route } from './signals'

/** `*` matches any characters; everything else literally, case-insensitive, the whole text. */
export function globMatch(pattern: string, text: string): boolean {
  const re = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${re}$`, 'i').test(text)
}

/** What a mapping pattern is tried against: the alarm name (or label value), the alert's title, the alarm ARN, and each label as "key=value". */
export function mappingCandidates(s: Pick<AlertSignal, 'fingerprint' | 'hint' | 'title'>): string[] {
  const out: string[] = []
  if (s.hint.mappingKey) out.push(s.hint.mappingKey)
  out.push(s.title)
  if (s.fingerprint.startsWith('alarm:')) out.push(s.fingerprint.slice('alarm:'.length))
  for (const [k, v] of Object.entries(s.hint.labels ?? {})) out.push(`${k}=${v}`)
  return out
}

export type ServiceMappingRule = { pattern: string; serviceId: string }

/** The service of the first mapping (most specific pattern first: fewest `*`, then longest) that matches. */
export function mappedServiceId(mappings: readonly ServiceMappingRule[], candidates: readonly string[]): string | null {
  const stars = (p: string) => p.split('*').length - 1
  const ordered = [...mappings].sort((a, b) => stars(a.pattern) - stars(b.pattern) || b.pattern.length - a.pattern.length || a.pattern.localeCompare(b.pattern))
  return ordered.find((m) => candidates.some((c) => globMatch(m.pattern, c)))?.serviceId ?? null
}

export type RouteRule = {
  id: string
  source: string | null
  environment: string | null
  serviceId: string | null
  namePattern: string | null
  action: 'DECLARE' | 'INBOX'
  severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4' | null
  runbookId: string | null
}

type Routable = { source: string; state: string; severity: string; category: AlertCategory; title: string; reason: string }

/**
 * The first rule (in the order given) whose every set condition matches decides; with none,
 * the default rule. Only a firing alert with a service can be declared.
 */
export function routeWithRules(alert: Routable, service: { id: string; environment: string } | null, rules: readonly RouteRule[]): Route {
  const rule = rules.find(
    (r) =>
      (!r.source || r.source === alert.source) &&
      (!r.environment || r.environment === service?.environment) &&
      (!r.serviceId || r.serviceId === service?.id) &&
      (!r.namePattern || globMatch(r.namePattern, alert.title)),
  )
  if (!rule) return routeAlert(alert, service?.environment ?? null)
  if (rule.action === 'INBOX' || alert.state !== 'FIRING' || !service) return { action: 'inbox', ruleId: rule.id }
  return { action: 'declare', severity: rule.severity ?? 'SEV2', runbookId: rule.runbookId ?? runbookFor(alert), ruleId: rule.id }
}
