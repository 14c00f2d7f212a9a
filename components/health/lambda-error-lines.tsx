'use client'

import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { REFRESH_MS } from '@/lib/health/refresh'
import { resourceLogsQuery } from '@/lib/resources/query-keys'

const time = (iso: string) => iso.slice(11, 19)
/** The runtime starts its lines with their own ISO time and separates fields with tabs; shown once, with spaces. */
const shown = (at: string, message: string) => `${time(at)}  ${message.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z\s+/, '').replace(/\t/g, '  ')}`

/**
 * A Lambda function's recent error log lines, read from CloudWatch Logs only while opened.
 * Could not read is said as such, never shown as "no errors".
 */
export function LambdaErrorLines({ resourceId, name }: Readonly<{ resourceId: string; name: string }>) {
  const [open, setOpen] = useState(false)
  const { data, error, isPending } = useQuery({
    ...resourceLogsQuery(resourceId),
    enabled: open,
    refetchInterval: open ? REFRESH_MS : false,
    refetchIntervalInBackground: false,
  })
  return (
    <details className="group text-xs" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={`lambda-logs-${name}`}>
      <summary className="cursor-pointer select-none text-brand-700 hover:underline">Recent error log lines</summary>
      <div className="mt-1.5">
        {error ? (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
            Could not read the error lines: {error.message}
          </p>
        ) : isPending || !data ? (
          <p className="text-slate-500">Reading the function&apos;s logs…</p>
        ) : data.lines === null ? (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
            Could not read <span className="font-mono">{data.logGroup}</span>: {data.error}
          </p>
        ) : (
          <>
            <p className="mb-1 text-slate-500">
              <span className="font-mono">{data.logGroup}</span>, last hour, read at {time(data.readAt)} UTC
              {data.stale ? ' (older than the refresh interval: reading again)' : ''}
            </p>
            {data.lines.length ? (
              <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-950 px-3 py-2 leading-relaxed text-slate-100">
                {data.lines.map((l) => shown(l.at, l.message)).join('\n')}
              </pre>
            ) : (
              <p className="text-slate-600">No error lines in the last hour.</p>
            )}
          </>
        )}
      </div>
    </details>
  )
}
