import type { Metadata } from 'next'
import { PolicyEditor } from '@/components/admin/policy-editor'
import { WebhooksEditor } from '@/components/admin/webhooks-editor'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'
import { completePolicy } from '@/lib/incidents/policy'
import { getSeverityPolicy, getWebhooks } from '@/lib/incidents/queries'

export const metadata: Metadata = { title: 'Severity policy' }

export default async function PolicyPage() {
  const user = await requirePermission('admin:policy')
  const [policy, webhooks] = await Promise.all([getSeverityPolicy(), getWebhooks(user)])
  return (
    <>
      <PageHeader
        title="Severity policy and notifications"
        description="What each severity promises: how fast someone acknowledges, how often stakeholders hear from you, when to escalate. Changes apply to open incidents at once."
      />
      <PolicyEditor rows={completePolicy(policy)} />
      <WebhooksEditor settings={webhooks} />
    </>
  )
}
