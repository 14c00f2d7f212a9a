import type { IntegrationKind } from './schemas'

export type PayloadView = { id: number; receivedAt: string; outcome: 'ACCEPTED' | 'REFUSED' | 'DUPLICATE'; reason: string | null; preview: string }

export type IntegrationView = {
  id: string
  kind: IntegrationKind
  name: string
  enabled: boolean
  version: number
  topicArns: string[]
  createdAt: string
  rotatedAt: string | null
  refusedCount: number
  payloads: PayloadView[]
}

export type InboxAlert = {
  id: string
  version: number
  source: string
  title: string
  reason: string
  severity: 'CRITICAL' | 'WARNING' | 'INFO'
  state: 'FIRING' | 'RESOLVED'
  category: string
  count: number
  firstSeenAt: string
  lastSeenAt: string
  service: { id: string; name: string; environment: string } | null
  acknowledgedBy: string | null
  silencedUntil: string | null
  silenceReason: string | null
  /** The maintenance window it last fired in: recorded, not declared or attached. */
  maintenance: { startsAt: string; endsAt: string; reason: string } | null
}

/** The admin's routing, as /admin/alerts shows it. */
export type RoutingView = {
  mappings: { id: string; pattern: string; service: string }[]
  routes: {
    id: string
    source: string | null
    environment: string | null
    service: string | null
    namePattern: string | null
    action: 'DECLARE' | 'INBOX'
    severity: string | null
    runbookId: string | null
  }[]
  /** Open or coming windows, soonest end first. */
  windows: { id: string; service: string; startsAt: string; endsAt: string; reason: string }[]
  services: { id: string; label: string }[]
  runbooks: { id: string; title: string }[]
}
