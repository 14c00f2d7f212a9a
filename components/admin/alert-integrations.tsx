'use client'

import { useState } from 'react'
import { createIntegrationAction, rotateIntegrationAction, updateIntegrationAction } from '@/app/(console)/admin/alerts/actions'
import { CommandBlock } from '@/components/ui/command-block'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import type { ActionResult } from '@/lib/actions/result'
import type { IntegrationView } from '@/lib/alerts/dto'
import { formatUtc } from '@/lib/incidents/clocks'
import { integrationKinds, type IntegrationKind } from '@/lib/alerts/schemas'
import { setupSteps } from '@/lib/alerts/setup'

const kindLabels: Record<IntegrationKind, string> = {
  SNS: 'Amazon SNS (CloudWatch alarms, EventBridge events)',
  EVENTBRIDGE: 'EventBridge API destination',
  ALERTMANAGER: 'Prometheus Alertmanager',
  WEBHOOK: 'Generic JSON webhook',
}
const outcomeStyle = { ACCEPTED: 'bg-green-50 text-green-800', REFUSED: 'bg-red-50 text-red-800', DUPLICATE: 'bg-slate-100 text-slate-700' } as const

/** A token just made, shown once with its setup. */
type Fresh = { id: string; token: string }

function CopyButton({ text, label }: Readonly<{ text: string; label: string }>) {
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      onClick={() => navigator.clipboard?.writeText(text).then(() => setCopied(true))}
      className="rounded border border-slate-300 px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50"
    >
      {copied ? 'Copied' : 'Copy'}
      <span className="sr-only"> {label}</span>
    </button>
  )
}

function Setup({ item, baseUrl, token }: Readonly<{ item: IntegrationView; baseUrl: string; token?: string }>) {
  return (
    <div className="space-y-2">
      {setupSteps(item.kind, baseUrl, { token, topicArns: item.topicArns }).map(([label, text]) => (
        <div key={label} className="space-y-1">
          <div className="flex items-center justify-between gap-2 text-xs font-medium text-slate-600">
            <span>{label}</span>
            <CopyButton text={text} label={`${label} for ${item.name}`} />
          </div>
          <CommandBlock label={`${label} for ${item.name}`} text={text} className="p-2 text-xs" />
        </div>
      ))}
    </div>
  )
}

function IntegrationCard({ item, baseUrl, fresh, onFresh }: Readonly<{ item: IntegrationView; baseUrl: string; fresh?: string; onFresh: (f: Fresh) => void }>) {
  const { run: call, pending, notice } = useAction()
  const run = (fn: () => Promise<ActionResult<unknown>>, done: string) => call(fn, done)
  return (
    <li className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 className="font-semibold">{item.name}</h3>
          <p className="text-xs text-slate-600">
            {kindLabels[item.kind]} · {item.enabled ? 'enabled' : 'disabled'} · {item.refusedCount} refused
            {item.rotatedAt ? ` · token rotated ${formatUtc(item.rotatedAt)}` : ''}
          </p>
        </div>
        <div className="flex gap-2">
          {item.kind !== 'SNS' ? (
            <button
              type="button"
              disabled={pending}
              onClick={() =>
                call(
                  () => rotateIntegrationAction({ id: item.id, expectedVersion: item.version }),
                  'New token made; the old one no longer works.',
                  (data) => onFresh({ id: item.id, token: data.token }),
                )
              }
              className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-50"
            >
              Rotate token
            </button>
          ) : null}
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              run(
                () => updateIntegrationAction({ id: item.id, expectedVersion: item.version, enabled: !item.enabled }),
                item.enabled ? 'Disabled.' : 'Enabled.',
              )
            }
            className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-50"
          >
            {item.enabled ? 'Disable' : 'Enable'}
          </button>
        </div>
      </div>
      <NoticeLine notice={notice} />
      {fresh ? (
        <div role="status" className="space-y-1 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">The token, shown this once (only its hash is kept):</p>
          <div className="flex items-center gap-2">
            <CommandBlock label={`token for ${item.name}`} text={fresh} className="flex-1 p-2 text-xs" />
            <CopyButton text={fresh} label={`token for ${item.name}`} />
          </div>
        </div>
      ) : null}
      {item.kind === 'SNS' ? <p className="break-all text-xs text-slate-600">Allowed topics: {item.topicArns.join(', ')}</p> : null}
      <details>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">Setup instructions</summary>
        <div className="mt-2">
          <Setup item={item} baseUrl={baseUrl} token={fresh} />
        </div>
      </details>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">Last payloads ({item.payloads.length})</summary>
        {item.payloads.length === 0 ? <p className="mt-2 text-sm text-slate-500">Nothing received yet.</p> : null}
        <ul className="mt-2 space-y-2">
          {item.payloads.map((p) => (
            <li key={p.id} className="space-y-1 text-xs">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 font-medium ${outcomeStyle[p.outcome]}`}>{p.outcome.toLowerCase()}</span>
                <time dateTime={p.receivedAt}>{formatUtc(p.receivedAt)}</time>
                {p.reason ? <span className="text-slate-700">{p.reason}</span> : null}
              </div>
              <CommandBlock label={`payload ${p.id}`} text={p.preview} className="max-h-32 p-2 text-xs" />
            </li>
          ))}
        </ul>
      </details>
    </li>
  )
}

export function AlertIntegrations({ integrations, baseUrl }: Readonly<{ integrations: IntegrationView[]; baseUrl: string }>) {
  const [kind, setKind] = useState<IntegrationKind>('SNS')
  const [name, setName] = useState('')
  const [topics, setTopics] = useState('')
  const [fresh, setFresh] = useState<Fresh | null>(null)
  const { run, pending, notice, fieldErrors: errors } = useAction()

  function create(e: React.FormEvent) {
    e.preventDefault()
    run(
      () => createIntegrationAction({ kind, name, topicArns: kind === 'SNS' ? topics.split(/[\s,]+/).filter(Boolean) : [] }),
      `${name} created. Follow its setup instructions below.`,
      (data) => {
        if (data.token) setFresh({ id: data.id, token: data.token })
        setName('')
        setTopics('')
      },
    )
  }
  const err = (field: string) => <FieldError messages={errors[field]} className="" />

  return (
    <div className="space-y-6">
      <form onSubmit={create} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="new-integration">
        <h2 id="new-integration" className="text-sm font-semibold">
          New integration
        </h2>
        <div className="flex flex-wrap items-end gap-3 text-xs font-medium text-slate-600">
          <label className="min-w-0 max-w-full">
            Source
            <select
              value={kind}
              onChange={(e) => setKind(e.target.value as IntegrationKind)}
              className="mt-0.5 block w-full max-w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
            >
              {integrationKinds.map((k) => (
                <option key={k} value={k}>
                  {kindLabels[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="min-w-48 flex-1">
            Name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              className="mt-0.5 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
            />
            {err('name')}
          </label>
          {kind === 'SNS' ? (
            <label className="w-full">
              Allowed SNS topic ARNs (one per line)
              <textarea
                value={topics}
                onChange={(e) => setTopics(e.target.value)}
                rows={2}
                placeholder="arn:aws:sns:us-east-1:123456789012:prod-alarms"
                className="mt-0.5 block w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-sm"
              />
              {err('topicArns')}
              {Object.entries(errors)
                .filter(([k]) => k.startsWith('topicArns.'))
                .map(([k, v]) => (
                  <span key={k} className="block text-red-700">
                    {v.join(' ')}
                  </span>
                ))}
            </label>
          ) : null}
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
          >
            Create
          </button>
        </div>
        <NoticeLine notice={notice} />
      </form>
      {integrations.length === 0 ? <p className="text-sm text-slate-500">No integration yet: alerts are refused until one is made.</p> : null}
      <ul className="space-y-4">
        {integrations.map((i) => (
          <IntegrationCard key={i.id} item={i} baseUrl={baseUrl} fresh={fresh?.id === i.id ? fresh.token : undefined} onFresh={setFresh} />
        ))}
      </ul>
    </div>
  )
}
