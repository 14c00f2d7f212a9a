import type { Metadata } from 'next'
import { AlertIntegrations } from '@/components/admin/alert-integrations'
import { PageHeader } from '@/components/ui/page-header'
import { listIntegrations } from '@/lib/alerts/queries'
import { requirePermission } from '@/lib/auth/session'
import { env } from '@/lib/env.js'

export const metadata: Metadata = { title: 'Alert integrations' }

export default async function AlertIntegrationsPage() {
  const user = await requirePermission('admin:policy')
  const integrations = await listIntegrations(user)
  return (
    <>
      <PageHeader
        title="Alert integrations"
        description="Where alerts come from: CloudWatch and ECS through SNS or EventBridge, Prometheus Alertmanager, or any JSON webhook. A production alert that means users are hurt declares a SEV2 with its runbook started; other alerts wait without an incident."
      />
      <AlertIntegrations integrations={integrations} baseUrl={(env.NEXTAUTH_URL ?? 'https://<this app>').replace(/\/$/, '')} />
    </>
  )
}
