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
}
