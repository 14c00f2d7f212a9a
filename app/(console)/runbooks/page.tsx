import type { Metadata } from 'next'
import { RunbookCatalog } from '@/components/runbooks/runbook-catalog'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/auth/session'
import { runbooks } from '@/lib/runbooks/catalog'
import { runbookCategoryLabels } from '@/lib/runbooks/types'

export const metadata: Metadata = { title: 'Runbooks' }

export default async function RunbooksPage() {
  await requirePermission('console:read')
  return (
    <>
      <PageHeader
        title="Runbooks"
        description="Guided checklists for the failures ECS services really have. Start one inside an incident to check steps off as a team, run diagnostics and attach their output."
      />
      <RunbookCatalog
        runbooks={runbooks.map((r) => ({
          id: r.id,
          title: r.title,
          summary: r.summary,
          category: runbookCategoryLabels[r.category],
          symptoms: r.symptoms,
          steps: r.steps.length,
          severityHint: r.severityHint ?? null,
        }))}
      />
    </>
  )
}
