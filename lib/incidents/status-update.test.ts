import { describe, expect, it } from 'vitest'
import { defaultSeverityPolicy, policyFor, type Severity } from './policy'
import {
  buildStatusUpdateDraft,
  slackPayload,
  statusUpdateTitle,
  suggestedDraftKind,
  teamsPayload,
  webhookPayload,
  type StatusUpdateSource,
} from './status-update'
import { previewUrl } from './webhooks'

const T = new Date('2025-11-19T10:30:00.000Z')
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000)
const policy = (s: Severity) => policyFor(defaultSeverityPolicy, s)

function source(over: Partial<StatusUpdateSource> = {}): StatusUpdateSource {
  return {
    ref: 'INC-42',
    title: 'Orders failing at checkout',
    severity: 'SEV2',
    status: 'INVESTIGATING',
    impact: 'About 60% of customers cannot place orders.',
    declaredAt: T,
    resolvedAt: null,
    reopenedAt: null,
    lastUpdatePostedAt: null,
    resolutionSummary: null,
    services: [
      { name: 'orders-api', environment: 'PROD' },
      { name: 'payments-api', environment: 'PROD' },
    ],
    commander: { name: 'Chloe Commander' },
    progressNotes: [],
    ...over,
  }
}

describe('first notice', () => {
  it('says severity, status, start time in UTC, impact, services, commander and when the next update comes', () => {
    const draft = buildStatusUpdateDraft('initial', source(), policy('SEV2'), at(4))
    expect(draft.kind).toBe('initial')
    expect(draft.title).toBe('INC-42 declared: Orders failing at checkout')
    expect(draft.text).toBe(
      [
        '🟠 SEV2 incident INC-42: Orders failing at checkout',
        'Status: Investigating (looking for the cause)',
        'Started: 2025-11-19 10:30 UTC',
        'Impact: About 60% of customers cannot place orders.',
        'Services affected: orders-api (prod), payments-api (prod)',
        'Incident commander: Chloe Commander',
        'Next update by 11:04 UTC, sooner if anything changes.',
      ].join('\n'),
    )
    expect(draft.nextUpdateAt).toBe(at(34).toISOString())
  })

  it('promises the next update at the SEV1 cadence, with the date when it falls on another day', () => {
    const late = new Date('2025-11-19T23:50:00Z')
    const draft = buildStatusUpdateDraft('initial', source({ severity: 'SEV1', declaredAt: late }), policy('SEV1'), late)
    expect(draft.text).toContain('Next update by 2025-11-20 00:05 UTC')
    expect(draft.text.startsWith('🔴 SEV1')).toBe(true)
  })

  it('SEV3 promises the next word at resolution; SEV4 promises none', () => {
    const sev3 = buildStatusUpdateDraft('initial', source({ severity: 'SEV3', services: [], commander: null }), policy('SEV3'), T)
    expect(sev3.text).toContain('We will post again once it is resolved.')
    expect(sev3.text).not.toContain('Services affected')
    expect(sev3.text).not.toContain('Incident commander')
    expect(sev3.nextUpdateAt).toBeNull()
    const sev4 = buildStatusUpdateDraft('initial', source({ severity: 'SEV4' }), policy('SEV4'), T)
    expect(sev4.text).toContain('No further updates are planned unless the situation changes.')
  })

  it('says so when the incident was reopened, and times it from the reopening', () => {
    const draft = buildStatusUpdateDraft('initial', source({ reopenedAt: at(300) }), policy('SEV2'), at(301))
    expect(draft.title).toBe('INC-42 reopened: Orders failing at checkout')
    expect(draft.text).toContain('The problem came back after it was resolved')
    expect(draft.text).toContain('Started: 2025-11-19 15:30 UTC')
  })
})

describe('progress update', () => {
  it('lists the notes since the last update and the current status', () => {
    const draft = buildStatusUpdateDraft(
      'update',
      source({ status: 'IDENTIFIED', progressNotes: ['Connection pool exhausted on orders-api.', 'Restarting tasks\nnow.'] }),
      policy('SEV2'),
      at(15),
    )
    expect(draft.title).toBe('INC-42 update: Orders failing at checkout')
    expect(draft.text).toBe(
      [
        '🟠 Update on INC-42 (SEV2): Orders failing at checkout',
        'Status: Identified (the cause is known; a fix is in progress)',
        'As of: 2025-11-19 10:45 UTC, 15 min after it started',
        'Impact: About 60% of customers cannot place orders.',
        'Progress:',
        '• Connection pool exhausted on orders-api.',
        '• Restarting tasks now.',
        'Next update by 11:15 UTC, sooner if anything changes.',
      ].join('\n'),
    )
  })

  it('says work continues when there is nothing new', () => {
    expect(buildStatusUpdateDraft('update', source(), policy('SEV2'), at(30)).text).toContain('• No new findings since the last update; work continues.')
  })
})

describe('resolution notice', () => {
  it('gives start, end, duration, the fix and the impact, and promises a post-mortem where policy requires one', () => {
    const draft = buildStatusUpdateDraft(
      'resolution',
      source({ status: 'RESOLVED', resolvedAt: at(30), resolutionSummary: 'Killed long-running queries and restarted the API.' }),
      policy('SEV2'),
      at(35),
    )
    expect(draft.title).toBe('INC-42 resolved: Orders failing at checkout')
    expect(draft.nextUpdateAt).toBeNull()
    expect(draft.text).toBe(
      [
        '✅ Resolved: INC-42 (SEV2) Orders failing at checkout',
        'Started: 2025-11-19 10:30 UTC',
        'Resolved: 2025-11-19 11:00 UTC (after 30 min)',
        'What fixed it: Killed long-running queries and restarted the API.',
        'Impact: About 60% of customers cannot place orders.',
        'Services affected: orders-api (prod), payments-api (prod)',
        'A post-mortem will follow with the causes and the follow-up work.',
        'Thanks for bearing with us.',
      ].join('\n'),
    )
  })

  it('leaves out the post-mortem line where it is not required, and leaves a gap for a missing summary', () => {
    const draft = buildStatusUpdateDraft('resolution', source({ severity: 'SEV3', status: 'RESOLVED', resolvedAt: at(90) }), policy('SEV3'), at(95))
    expect(draft.text).not.toContain('post-mortem')
    expect(draft.text).toContain('What fixed it: (describe the fix)')
    expect(draft.text).toContain('(after 1 h 30 min)')
  })

  it('is written in our own words, not the runbook templates', () => {
    const all = (['initial', 'update', 'resolution'] as const)
      .map((k) => buildStatusUpdateDraft(k, source({ resolvedAt: at(20), resolutionSummary: 'x' }), policy('SEV2'), at(20)).text)
      .join('\n')
    for (const phrase of [
      'INCIDENT DETECTED',
      'INCIDENT UPDATE',
      'INCIDENT RESOLVED',
      'INCIDENT ALERT',
      'Thank you for your patience',
      'Updates will be posted every',
      'ETA',
    ]) {
      expect(all).not.toContain(phrase)
    }
  })
})

describe('which draft to suggest', () => {
  it('a first notice for a new or reopened period, then updates, then the resolution notice', () => {
    expect(suggestedDraftKind({ status: 'INVESTIGATING', declaredAt: T, reopenedAt: null, lastUpdatePostedAt: null })).toBe('initial')
    expect(suggestedDraftKind({ status: 'IDENTIFIED', declaredAt: T, reopenedAt: null, lastUpdatePostedAt: at(5) })).toBe('update')
    expect(suggestedDraftKind({ status: 'INVESTIGATING', declaredAt: T, reopenedAt: at(100), lastUpdatePostedAt: at(50) })).toBe('initial')
    expect(suggestedDraftKind({ status: 'RESOLVED', declaredAt: T, reopenedAt: null, lastUpdatePostedAt: at(5) })).toBe('resolution')
  })

  it('titles posted updates the same way', () => {
    expect(statusUpdateTitle('update', { ref: 'INC-7', title: 'Slow search' })).toBe('INC-7 update: Slow search')
  })
})

describe('webhook payloads', () => {
  const message = { title: 'INC-42 update: A & B', text: 'Line one <b>\nLine two & more', severity: 'SEV1' as const, resolved: false }

  it('Slack gets {text} with &, < and > escaped', () => {
    expect(slackPayload(message)).toEqual({ text: 'Line one &lt;b&gt;\nLine two &amp; more' })
    expect(webhookPayload('slack', message)).toEqual(slackPayload(message))
  })

  it('Teams gets a MessageCard with a title, a colour for the severity and Markdown line breaks', () => {
    expect(teamsPayload(message)).toEqual({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: 'INC-42 update: A & B',
      themeColor: 'D13438',
      title: 'INC-42 update: A & B',
      text: 'Line one <b>\n\nLine two & more',
    })
    expect(teamsPayload({ ...message, resolved: true }).themeColor).toBe('107C10')
    expect(webhookPayload('teams', message)).toMatchObject({ '@type': 'MessageCard', text: expect.any(String) })
  })

  it('show an admin only a preview of a webhook URL, never its secret path', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/abcdefghijklmnopXYZ1'
    expect(previewUrl(url)).toBe('hooks.slack.com/…XYZ1')
    expect(previewUrl(url)).not.toContain('abcdefghijklmnop')
    expect(previewUrl('http://127.0.0.1:9/')).toBe('127.0.0.1:9')
    expect(previewUrl('not a url')).toBe('(not a URL)')
  })
})
