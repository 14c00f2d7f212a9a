// What the certificate views receive. Client-safe.
import type { Environment } from '@/lib/services/dto'
import type { CertificateStatus } from './rules'

export type CertificateRow = {
  serviceId: string
  serviceName: string
  environment: Environment
  cluster: string
  url: string
  host: string
  status: CertificateStatus
  reason: string
  daysLeft: number | null
  validTo: string | null
  issuer: string | null
  /** When this URL's handshake happened; null when it was never checked. */
  checkedAt: string | null
}

export type CertificatesView = {
  rows: CertificateRow[]
  /** When the last check of every URL finished; null: never checked yet (a first check is running). */
  checkedAt: string | null
  /** How often the shared refresh checks again. */
  intervalMs: number
  /** A check is older than twice its interval: the refresh is failing. */
  stale: boolean
}
