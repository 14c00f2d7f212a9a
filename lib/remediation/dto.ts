import type { AnyRemediationKind } from './schemas'

export type RemediationStatus = 'PENDING_APPROVAL' | 'APPROVED' | 'EXECUTING' | 'SUCCEEDED' | 'FAILED' | 'UNKNOWN' | 'REJECTED' | 'EXPIRED'

export const terminalStatuses: readonly RemediationStatus[] = ['SUCCEEDED', 'FAILED', 'UNKNOWN', 'REJECTED', 'EXPIRED']

export type RemediationPreview = {
  /** The exact change, in words. */
  summary: string
  /** Facts behind it: current and target counts, task definitions, images. */
  details: { label: string; from: string; to: string }[]
  warnings: string[]
  production: boolean
  /** A second person must approve it before it runs. */
  requiresApproval: boolean
  /** The name to type to confirm, in production. */
  confirmName: string | null
  /** Rollback: why this revision (the last one steady before the current one). */
  targetReason?: string | null
  /** Set when an action ran on this service less than the cooldown ago. */
  cooldown: { lastAction: string; finishedAt: string | null; running: boolean } | null
  /** Open incidents that name this service (production actions need one). */
  incidents: { id: string; ref: string; title: string }[]
}

export type RemediationView = {
  id: string
  kind: AnyRemediationKind
  status: RemediationStatus
  preview: string
  /** The action as requested, with its resolved target (task count, task definition, memory). */
  params: unknown
  reason: string
  /** The target: the ECS service, or for a database action the registered database (cluster reads "PostgreSQL"). */
  service: { id: string; name: string; cluster: string; environment: string }
  incident: { id: string; ref: string } | null
  requester: { id: string; name: string }
  approver: { id: string; name: string } | null
  requiresApproval: boolean
  decisionReason: string | null
  expiresAt: string | null
  awsRequestId: string | null
  error: string | null
  /** While EXECUTING: SENDING, VERIFYING (no answer: reading back) or WATCHING. */
  stage: string | null
  /** The ECS deployment the request created (the one its outcome is judged on). */
  deploymentId: string | null
  registeredTaskDefinitionArn: string | null
  /** After a call that did not answer: what reading the service back showed. */
  landing: 'LANDED' | 'NOT_LANDED' | null
  /** What a partial failure left behind in AWS. */
  leftBehind: string | null
  before: unknown
  after: unknown
  createdAt: string
  executedAt: string | null
  finishedAt: string | null
}
