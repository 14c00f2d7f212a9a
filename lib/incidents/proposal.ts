// A first draft of an incident from one service's live health, so declaring from a
// critical row of the board needs no typing. Pure and client-safe. The severity comes
// from the policy's one question ("how many users are affected?", `severityForScope`),
// answered from the service's environment and what its health says: a production
// service that serves nobody (no task running, deleted, or a load balancer answering 503
// itself) reaches every user of it; another critical finding in production, more than
// half; a warning, some; anything outside production, no user. Everything stays editable.
import type { Finding, HealthStatus } from '@/lib/health/rules'
import { environmentLabels, type Environment } from '@/lib/services/dto'
import { severityForScope, type Severity, type UserImpactScope } from './policy'

export type ProposalInput = {
  name: string
  cluster: string
  environment: Environment
  status: HealthStatus
  reason: string
  findings: readonly Finding[]
}

export type IncidentProposal = { title: string; impact: string; scope: UserImpactScope; severity: Severity }

const servesNobody = (f: Finding) =>
  f.level === 'critical' && (f.signal === 'tasks' || f.signal === 'service' || (f.signal === 'errors' && /no healthy target/.test(f.text)))

export function impactScopeOf(input: Pick<ProposalInput, 'environment' | 'status' | 'findings'>): UserImpactScope {
  if (input.environment !== 'PROD') return 'none'
  if (input.findings.some(servesNobody)) return 'all'
  if (input.status === 'critical') return 'more_than_half'
  return 'less_than_half'
}

const scopeWords: Record<UserImpactScope, (name: string) => string> = {
  all: (n) => `Every user of ${n} is likely affected: it serves no requests.`,
  more_than_half: (n) => `Most users of ${n} are likely affected.`,
  less_than_half: (n) => `Some users of ${n} may be affected.`,
  none: () => 'No customer is affected: this is not a production service.',
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** Title, impact and severity proposed from the service's health; the person edits any of them before declaring. */
export function proposeIncident(input: ProposalInput): IncidentProposal {
  const scope = impactScopeOf(input)
  const lead = input.findings.find((f) => f.level === 'critical')?.text ?? input.reason
  const env = environmentLabels[input.environment].toLowerCase()
  return {
    title: clip(`${input.name} ${input.status} in ${env}: ${lead}`, 200),
    impact: clip(`${scopeWords[scope](input.name)} ${input.name} (${input.cluster}, ${env}) is ${input.status}: ${input.reason}.`, 2000),
    scope,
    severity: severityForScope(scope),
  }
}
