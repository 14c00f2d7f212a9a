import type { Metadata } from 'next'
import { AlertIntegrations } from '@/components/admin/alert-integrations'
import { AlertRouting } from '@/components/admin/alert-routing'
import { PagerDutyForm } from '@/components/admin/pagerduty-form'
import { PageHeader } from '@/components/ui/page-header'
import { getPagerDutyView, listIntegrations, listRouting } from '@/lib/alerts/queries'
import { requirePermission } from '@/lib/auth/session'
import { env } from '@/lib/env.js'

export const metadata: Metadata = { title: 'Alert integrations' }

export default async function AlertIntegrationsPage() {
  const user = await requirePermission('admin:policy')
  const [integrations, routing, pagerDuty] = await Promise.all([listIntegrations(user), listRouting(user), getPagerDutyView(user)])
  return (
    <>
      <PageHeader
        title="Alert integrations"
        description="Where alerts come from: CloudWatch and ECS through SNS or EventBridge, Prometheus Alertmanager, or any JSON webhook. Routing rules, service mappings and maintenance windows below decide what an alert does."
      />
      <AlertIntegrations integrations={integrations} baseUrl={(env.NEXTAUTH_URL ?? 'https://<this app>').replace(/\/$/, '')} />
      <div className="mt-6">
        <AlertRouting routing={routing} />
      </div>
      <div className="mt-6">
        <PagerDutyForm view={pagerDuty} />
      </div>
    </>
  )
}
