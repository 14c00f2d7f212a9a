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
