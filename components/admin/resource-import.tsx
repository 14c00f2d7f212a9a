'use client'

import { importResourcesAction } from '@/app/(console)/admin/resources/actions'
import { AwsImportForm } from './aws-import-form'

/** Adds the region's Lambda functions, PostgreSQL instances, Redis clusters and DynamoDB tables that the catalog lacks. */
export function ResourceImport() {
  return (
    <AwsImportForm
      title="Import resources from AWS"
      submitLabel="Import resources"
      pendingLabel="Listing resources…"
      nothingNew="Every resource AWS lists there is already in the catalog."
      importAction={(v) => importResourcesAction({ region: v('region'), environment: v('environment'), team: v('team') })}
      testId="resource-import"
    >
      <p className="col-span-2 text-xs text-slate-600">Lambda functions, PostgreSQL DB instances, Redis cache clusters and DynamoDB tables of a region.</p>
    </AwsImportForm>
  )
}
