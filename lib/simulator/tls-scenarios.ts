// The simulator's TLS scenario, kept apart from the ECS ones (scenarios.ts spreads it in).
// It changes nothing in ECS: the TLS endpoint (tls-endpoint.ts) reads it and re-issues the
// certificate of the service's health URL host with a short life.

export const tlsScenarioKinds = ['certificate_expiring'] as const

export const tlsScenarioDescriptions: Record<(typeof tlsScenarioKinds)[number], string> = {
  certificate_expiring:
    "The TLS certificate served for the service's health URL is re-issued valid for 5 more days (option daysValid). Clearing it serves the normal certificate again.",
}

/** certificate_expiring: days the re-issued certificate stays valid (default 5). */
export const DEFAULT_EXPIRING_DAYS = 5
