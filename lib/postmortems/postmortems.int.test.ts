import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MarkdownView } from '@/components/postmortems/markdown'
import type { ActorContext } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { logger } from '@/lib/logger'
import { changeStatus, declareIncident } from '@/lib/incidents/mutations'
import type { Severity } from '@/lib/incidents/policy'
import { changePostMortemStatus, createActionItem, deleteActionItem, savePostMortem, startPostMortem, updateActionItem } from './mutations'
import { getPostMortem, getPostMortemExport, getPostMortemPage, listActionItems } from './queries'

type Ctx = ActorContext
let admin: Ctx
let chloe: Ctx // COMMANDER
let rafael: Ctx // RESPONDER
let rita: Ctx // RESPONDER
let vera: Ctx // VIEWER
let orders: { id: string }

async function user(email: string, name: string, role: 'VIEWER' | 'RESPONDER' | 'COMMANDER' | 'ADMIN'): Promise<Ctx> {
  const row = await db.user.create({ data: { email, name, role }, select: { id: true, email: true, name: true, role: true } })
  return { actor: row, requestId: `req-${name.toLowerCase()}`, log: logger }
}

async function expectAppError(promise: Promise<unknown>, code: string, message?: string | RegExp) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe(code)
  if (message) expect((err as AppError).message).toMatch(message)
  return err as AppError
}

/** A declared incident, resolved at once by `rafael`, who declared it. */
async function resolvedIncident(severity: Severity = 'SEV2', title = 'Orders failing at checkout') {
  const declared = await declareIncident(rafael, {
    idempotencyKey: crypto.randomUUID(),
    title,
    severity,
    impact: 'Some customers cannot place orders',
    serviceIds: [orders.id],
  })
  await changeStatus(rafael, { incidentId: declared.id, expectedVersion: 0, status: 'RESOLVED', resolutionSummary: 'Rolled back the release' })
  return declared
}

const entries = (incidentId: string) => db.timelineEntry.findMany({ where: { incidentId }, orderBy: { id: 'asc' } })
const audits = (incidentId: string, action?: string) => db.auditEvent.findMany({ where: { incidentId, ...(action ? { action } : {}) }, orderBy: { id: 'asc' } })
const stored = (id: string) => db.postMortem.findUniqueOrThrow({ where: { id } })

beforeAll(async () => {
  admin = await user('ada@example.com', 'Ada', 'ADMIN')
  chloe = await user('chloe@example.com', 'Chloe', 'COMMANDER')
  rafael = await user('rafael@example.com', 'Rafael', 'RESPONDER')
  rita = await user('rita@example.com', 'Rita', 'RESPONDER')
  vera = await user('vera@example.com', 'Vera', 'VIEWER')
  orders = await db.service.create({
    data: { name: 'orders-api', environment: 'PROD', region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: 'orders-api', team: 'commerce' },
    select: { id: true },
  })
})

afterAll(async () => {
  await db.$disconnect()
})

describe('starting a post-mortem', () => {
  it('waits for the incident to be resolved', async () => {
    const open = await declareIncident(rafael, {
      idempotencyKey: crypto.randomUUID(),
      title: 'Still burning',
      severity: 'SEV1',
      impact: 'Everyone',
      serviceIds: [],
    })
    await expectAppError(startPostMortem(rafael, { incidentId: open.id }), 'VALIDATION', /not resolved yet/)
    expect((await getPostMortemPage(vera.actor, open.id)).cannotStart).toMatch(/not resolved yet/)
    expect(await db.postMortem.count({ where: { incidentId: open.id } })).toBe(0)
  })

  it('starts once, pre-filled from the facts, due five business days after resolution, with its timeline entry and audit event', async () => {
    const incident = await resolvedIncident('SEV2')
    await expectAppError(startPostMortem(vera, { incidentId: incident.id }), 'FORBIDDEN')
    const first = await startPostMortem(rafael, { incidentId: incident.id })
    const again = await startPostMortem(chloe, { incidentId: incident.id })
    expect(first.created).toBe(true)
    expect(again).toEqual({ postMortemId: first.postMortemId, created: false })

    const row = await stored(first.postMortemId)
    const resolvedAt = (await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).resolvedAt!
    const { businessDaysAfter } = await import('./due')
    expect(row.dueAt).toEqual(businessDaysAfter(resolvedAt, 5))
    expect(row.status).toBe('DRAFT')
    expect(row.summary).toContain(`INC-${incident.number} was declared SEV2`)
    expect(row.resolution).toContain('Rolled back the release')
    expect(row.rootCause).toBe('')
    const kinds = (await entries(incident.id)).filter((e) => row.includedEntryIds.includes(e.id)).map((e) => e.kind)
    expect(kinds).toEqual(['declared', 'resolved'])

    const notes = (await entries(incident.id)).filter((e) => e.kind === 'note')
    expect(notes.map((n) => n.text)).toEqual([expect.stringMatching(/^Started the post-mortem \(draft, due \d{4}-\d\d-\d\d 23:59 UTC\)$/)])
    expect(await audits(incident.id, 'postmortem.document.start')).toEqual([
      expect.objectContaining({ actorId: rafael.actor.id, targetId: first.postMortemId, status: 'SUCCEEDED' }),
    ])

    const page = await getPostMortemPage(vera.actor, incident.id)
    expect(page.required).toBe(true)
    expect(page.postMortem?.id).toBe(first.postMortemId)
    expect(page.facts.services.map((s) => s.name)).toEqual(['orders-api'])
    // Its own note is on the incident's timeline but not chosen for the curated one.
    expect(page.postMortem?.includedEntryIds).not.toContain(notes[0].id)
  })

  it('drafts detection from the first alert that reached the incident', async () => {
    const incident = await resolvedIncident('SEV2', 'Orders unhealthy')
    const declaredAt = (await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).declaredAt
    const alert = (minutesBefore: number, title: string, count: number) => ({
      source: 'sns',
      fingerprint: `${title}-${incident.id}`,
      serviceId: orders.id,
      severity: 'CRITICAL' as const,
      state: 'RESOLVED' as const,
      title,
      reason: `${title} crossed its threshold`,
      firstSeenAt: new Date(declaredAt.getTime() - minutesBefore * 60_000),
      lastSeenAt: declaredAt,
      count,
      incidentId: incident.id,
    })
    await db.alert.createMany({ data: [alert(3, 'prod-orders-5xx', 1), alert(7, 'prod-orders-api-unhealthy', 4)] })
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    const { detection } = await stored(postMortemId)
    expect(detection).toMatch(
      /^- First alert: prod-orders-api-unhealthy \(CloudWatch through SNS\) at .* UTC, 7 min before the declaration: prod-orders-api-unhealthy crossed/m,
    )
    expect(detection).toContain('- Alerts on this incident: 2, from 5 notifications')
    expect(detection).not.toContain('_…_')
    expect((await getPostMortemPage(vera.actor, incident.id)).facts.alerts.map((a) => a.title)).toEqual(['prod-orders-api-unhealthy', 'prod-orders-5xx'])
  })

  it('gives an optional post-mortem no due date', async () => {
    const incident = await resolvedIncident('SEV3')
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    expect((await stored(postMortemId)).dueAt).toBeNull()
    expect((await getPostMortemPage(vera.actor, incident.id)).required).toBe(false)
  })
})

describe('editing', () => {
  it('saves only what changed, bumps the version and audits each save', async () => {
    const incident = await resolvedIncident()
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    const saved = await savePostMortem(rafael, { postMortemId, expectedVersion: 0, sections: { rootCause: 'A config push removed the pool limit.' } })
    expect(saved.version).toBe(1)
    const unchanged = await savePostMortem(rafael, { postMortemId, expectedVersion: 1, sections: { rootCause: 'A config push removed the pool limit.' } })
    expect(unchanged.version).toBe(1)
    const saves = await audits(incident.id, 'postmortem.document.save')
    expect(saves).toHaveLength(1)
    expect(saves[0].params).toMatchObject({ sections: ['Root cause'], version: 1 })
    // Saves do not crowd the incident's timeline.
    expect((await entries(incident.id)).filter((e) => e.kind === 'note')).toHaveLength(1)
  })

  it('keeps only entries of its own incident in the curated timeline', async () => {
    const a = await resolvedIncident()
    const b = await resolvedIncident()
    const { postMortemId } = await startPostMortem(rafael, { incidentId: a.id })
    const mine = (await entries(a.id))[0].id
    const theirs = (await entries(b.id))[0].id
    await savePostMortem(rafael, { postMortemId, expectedVersion: 0, includedEntryIds: [theirs, mine, mine] })
    expect((await stored(postMortemId)).includedEntryIds).toEqual([mine])
  })

  it('refuses a save from an older version with a conflict naming who saved, and keeps their text', async () => {
    const incident = await resolvedIncident()
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    // Rafael and Rita both opened version 0. Rita saves first.
    await savePostMortem(rita, { postMortemId, expectedVersion: 0, sections: { impact: "Rita's impact" } })
    const err = await expectAppError(savePostMortem(rafael, { postMortemId, expectedVersion: 0, sections: { impact: "Rafael's impact" } }), 'CONFLICT')
    expect(err.message).toMatch(/changed while you were editing: Rita changed it at \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
    const current = await getPostMortem(rafael.actor, postMortemId)
    expect(current).toMatchObject({ version: 1, sections: { impact: "Rita's impact" }, lastSavedBy: { name: 'Rita' } })
    expect(await audits(incident.id, 'postmortem.document.save')).toHaveLength(1)
    // Having seen the current text, Rafael saves on top of it.
    expect((await savePostMortem(rafael, { postMortemId, expectedVersion: 1, sections: { impact: "Rafael's impact" } })).version).toBe(2)
  })

  it('lets one of two simultaneous saves from the same version through', async () => {
    const incident = await resolvedIncident()
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    const results = await Promise.allSettled([
      savePostMortem(rafael, { postMortemId, expectedVersion: 0, sections: { lessons: 'one' } }),
      savePostMortem(rita, { postMortemId, expectedVersion: 0, sections: { lessons: 'two' } }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect((refused.reason as AppError).code).toBe('CONFLICT')
    expect((await stored(postMortemId)).version).toBe(1)
  })

  it('renders stored Markdown sanitized: no scripts, event handlers or javascript: links get through', async () => {
    const incident = await resolvedIncident()
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    const evil = [
      '**Pool** exhausted <script>alert("x")</script>',
      '',
      '<img src="https://example.com/graph.png" onerror="alert(1)" onload="steal()">',
      '',
      '[click](javascript:alert(2)) <a href="javascript:alert(3)" onclick="alert(4)">more</a>',
      '',
      '<div style="position:fixed" onmouseover="alert(5)"><iframe src="https://evil.example"></iframe>ok</div>',
      '',
      '<svg><script>alert(6)</script></svg><form action="/x"><input name="y"></form>',
    ].join('\n')
    await savePostMortem(rafael, { postMortemId, expectedVersion: 0, sections: { rootCause: evil } })
    const text = (await getPostMortem(vera.actor, postMortemId))!.sections.rootCause
    expect(text).toBe(evil) // stored as written; made safe when rendered
    const html = renderToStaticMarkup(createElement(MarkdownView, { text }))
    expect(html).toContain('<strong>Pool</strong>')
    // An image from another site is not loaded (a tracking pixel would see every reader): a link instead.
    expect(html).not.toContain('<img')
    expect(html).toContain('<a href="https://example.com/graph.png" rel="noopener noreferrer nofollow">[image: external image, not loaded]</a>')
    expect(html).not.toMatch(/<script|<iframe|<form|<svg/i)
    expect(html).not.toMatch(/\son[a-z]+=/i)
    expect(html).not.toMatch(/javascript:/i)
    expect(html).not.toMatch(/style=/i)
    expect(html).not.toContain('alert(')
  })
})

describe('review and publishing', () => {
  it('goes draft → in review → published by a commander; then the post-mortem is read-only', async () => {
    const incident = await resolvedIncident('SEV1')
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    await expectAppError(
      changePostMortemStatus(chloe, { postMortemId, expectedVersion: 0, status: 'PUBLISHED' }),
      'VALIDATION',
      /Draft to Published\. Submit it for review first/,
    )
    const inReview = await changePostMortemStatus(rafael, { postMortemId, expectedVersion: 0, status: 'IN_REVIEW' })
    expect(inReview).toMatchObject({ status: 'IN_REVIEW', version: 1 })
    await expectAppError(
      changePostMortemStatus(rafael, { postMortemId, expectedVersion: 1, status: 'PUBLISHED' }),
      'FORBIDDEN',
      /incident commander or an admin/,
    )
    await expectAppError(
      changePostMortemStatus(chloe, { postMortemId, expectedVersion: 1, status: 'PUBLISHED' }),
      'VALIDATION',
      /Write the root cause before publishing/,
    )
    const item = await createActionItem(rafael, { postMortemId, title: 'Alarm on pool saturation', ownerId: rita.actor.id, dueAt: '2030-01-15' })
    await savePostMortem(chloe, { postMortemId, expectedVersion: 1, sections: { rootCause: 'Pool limit removed by a config push.' } })
    // The pre-fill's placeholders are not facts: publishing names each section that still has one.
    await expectAppError(
      changePostMortemStatus(chloe, { postMortemId, expectedVersion: 2, status: 'PUBLISHED' }),
      'VALIDATION',
      /Replace the placeholders \(_…_\) in Impact, Detection before publishing/,
    )
    const prefilled = await stored(postMortemId)
    await savePostMortem(chloe, {
      postMortemId,
      expectedVersion: 2,
      sections: {
        impact: prefilled.impact.replace(/Business impact: .*/, 'Business impact: about 300 orders delayed'),
        detection: prefilled.detection.replace(/How the problem .*/, 'A customer reported it 9 minutes before the alarm fired.'),
      },
    })
    const published = await changePostMortemStatus(chloe, { postMortemId, expectedVersion: 3, status: 'PUBLISHED' })
    expect(published).toMatchObject({ status: 'PUBLISHED', version: 4 })
    const row = await stored(postMortemId)
    expect(row).toMatchObject({ status: 'PUBLISHED', publishedById: chloe.actor.id })
    expect(row.publishedAt).toBeInstanceOf(Date)

    // Read-only: nothing about the document changes any more, whoever asks.
    await expectAppError(
      savePostMortem(chloe, { postMortemId, expectedVersion: 3, sections: { summary: 'rewritten' } }),
      'CONFLICT',
      /is published .* can no longer be changed/,
    )
    await expectAppError(savePostMortem(admin, { postMortemId, expectedVersion: 3, includedEntryIds: [] }), 'CONFLICT', /is published/)
    await expectAppError(changePostMortemStatus(admin, { postMortemId, expectedVersion: 3, status: 'DRAFT' }), 'CONFLICT', /is published/)
    await expectAppError(createActionItem(chloe, { postMortemId, title: 'Too late' }), 'CONFLICT', /is published/)
    await expectAppError(deleteActionItem(chloe, { actionItemId: item.id, expectedVersion: 0 }), 'CONFLICT', /published/)
    await expectAppError(updateActionItem(chloe, { actionItemId: item.id, expectedVersion: 0, title: 'Renamed' }), 'VALIDATION', /keep their titles/)
    expect(await stored(postMortemId)).toEqual(row)
    // Follow-up work goes on: the action item can still be done.
    expect((await updateActionItem(rita, { actionItemId: item.id, expectedVersion: 0, status: 'DONE' })).version).toBe(1)

    const notes = (await entries(incident.id)).filter((e) => e.kind === 'note').map((e) => e.text)
    expect(notes).toEqual([
      expect.stringMatching(/^Started the post-mortem/),
      'Submitted the post-mortem for review',
      'Action item added: Alarm on pool saturation (owner Rita, due 2030-01-15)',
      'Published the post-mortem',
      'Action item done: Alarm on pool saturation',
    ])
    const actions = (await audits(incident.id)).map((a) => a.action).filter((a) => a.startsWith('postmortem.'))
    expect(actions).toEqual([
      'postmortem.document.start',
      'postmortem.document.submit',
      'postmortem.action_item.create',
      'postmortem.document.save',
      'postmortem.document.save',
      'postmortem.document.publish',
      'postmortem.action_item.update',
    ])
  })

  it('can send a post-mortem back from review to draft', async () => {
    const incident = await resolvedIncident()
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    await changePostMortemStatus(rafael, { postMortemId, expectedVersion: 0, status: 'IN_REVIEW' })
    expect(await changePostMortemStatus(chloe, { postMortemId, expectedVersion: 1, status: 'DRAFT' })).toMatchObject({ status: 'DRAFT', version: 2 })
    expect((await audits(incident.id, 'postmortem.document.return')).length).toBe(1)
  })
})

describe('action items', () => {
  it('are created, changed and removed with version checks, each change audited', async () => {
    const incident = await resolvedIncident()
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    await expectAppError(createActionItem(vera, { postMortemId, title: 'Viewer idea' }), 'FORBIDDEN')
    await expectAppError(createActionItem(rafael, { postMortemId, title: 'Ghost owner', ownerId: crypto.randomUUID() }), 'VALIDATION', /active account/)
    const item = await createActionItem(rafael, { postMortemId, title: 'Add a pool alarm' })
    const row = await db.actionItem.findUniqueOrThrow({ where: { id: item.id } })
    expect(row).toMatchObject({ incidentId: incident.id, postMortemId, ownerId: null, dueAt: null, status: 'OPEN' })

    const v1 = await updateActionItem(rafael, { actionItemId: item.id, expectedVersion: 0, ownerId: rita.actor.id, dueAt: '2030-02-01', status: 'IN_PROGRESS' })
    expect(v1.version).toBe(1)
    expect(await db.actionItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      ownerId: rita.actor.id,
      dueAt: new Date('2030-02-01T23:59:59.999Z'),
      status: 'IN_PROGRESS',
      doneAt: null,
    })
    await expectAppError(
      updateActionItem(rita, { actionItemId: item.id, expectedVersion: 0, status: 'DONE' }),
      'CONFLICT',
      /changed since you loaded it \(Rafael at/,
    )
    await updateActionItem(rita, { actionItemId: item.id, expectedVersion: 1, status: 'DONE' })
    expect((await db.actionItem.findUniqueOrThrow({ where: { id: item.id } })).doneAt).toBeInstanceOf(Date)
    await updateActionItem(rita, { actionItemId: item.id, expectedVersion: 2, status: 'OPEN' })
    expect((await db.actionItem.findUniqueOrThrow({ where: { id: item.id } })).doneAt).toBeNull()

    await deleteActionItem(rafael, { actionItemId: item.id, expectedVersion: 3 })
    expect(await db.actionItem.count({ where: { id: item.id } })).toBe(0)
    const actions = (await audits(incident.id)).map((a) => a.action).filter((a) => a.startsWith('postmortem.action_item'))
    expect(actions).toEqual([
      'postmortem.action_item.create',
      'postmortem.action_item.update',
      'postmortem.action_item.update',
      'postmortem.action_item.update',
      'postmortem.action_item.delete',
    ])
    const update = (await audits(incident.id, 'postmortem.action_item.update'))[0]
    expect(update.params).toMatchObject({ changes: { owner: { from: null, to: rita.actor.id }, status: { from: 'OPEN', to: 'IN_PROGRESS' } } })
  })

  it('are listed across incidents by owner, overdue and state, soonest due first', async () => {
    await db.actionItem.deleteMany({})
    const incident = await resolvedIncident('SEV2', 'Payments slow')
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    const now = new Date('2030-06-15T12:00:00Z')
    const make = (title: string, ownerId: string | null, dueAt: string | null) => createActionItem(rafael, { postMortemId, title, ownerId, dueAt })
    const late = await make('Late one', rita.actor.id, '2030-06-01')
    await make('Later one', rita.actor.id, '2030-07-01')
    await make('Nobody owns it', null, null)
    const done = await make('Done already', rafael.actor.id, '2030-05-01')
    await updateActionItem(rafael, { actionItemId: done.id, expectedVersion: 0, status: 'DONE' })

    const titles = async (filter: Parameters<typeof listActionItems>[1], actor = rita.actor) =>
      (await listActionItems(actor, filter, null, now)).items.map((i) => i.title)
    expect(await titles({})).toEqual(['Late one', 'Later one', 'Nobody owns it'])
    expect(await titles({ owner: 'me' })).toEqual(['Late one', 'Later one'])
    expect(await titles({ owner: 'none' })).toEqual(['Nobody owns it'])
    expect(await titles({ owner: rafael.actor.id, state: 'all' })).toEqual(['Done already'])
    expect(await titles({ overdue: '1' })).toEqual(['Late one'])
    expect(await titles({ state: 'done' })).toEqual(['Done already'])
    expect(await titles({ from: '2000-01-01', to: '2000-01-31' })).toEqual([])
    const page = await listActionItems(vera.actor, { state: 'all', limit: '2' }, null, now)
    expect(page.items.map((i) => i.title)).toEqual(['Done already', 'Late one'])
    expect(page.total).toBe(4)
    const rest = await listActionItems(vera.actor, { state: 'all', limit: '2' }, page.nextCursor, now)
    expect(rest.items.map((i) => i.title)).toEqual(['Later one', 'Nobody owns it'])
    expect(rest.nextCursor).toBeNull()
    const first = (await listActionItems(vera.actor, {}, null, now)).items[0]
    expect(first).toMatchObject({
      id: late.id,
      overdue: true,
      owner: { name: 'Rita' },
      incident: { ref: `INC-${incident.number}` },
      postMortem: { id: postMortemId, status: 'DRAFT' },
    })
    await expect(listActionItems(vera.actor, { owner: 'someone' })).rejects.toThrow(/not valid/)
  })
})

describe('export', () => {
  it('downloads the whole post-mortem as Markdown', async () => {
    const incident = await resolvedIncident('SEV2', 'Search down')
    const { postMortemId } = await startPostMortem(rafael, { incidentId: incident.id })
    await savePostMortem(rafael, { postMortemId, expectedVersion: 0, sections: { rootCause: 'The index was rebuilt at peak.' } })
    await createActionItem(rafael, { postMortemId, title: 'Rebuild indexes off-peak', ownerId: rita.actor.id, dueAt: '2030-03-03' })
    const file = await getPostMortemExport(vera.actor, postMortemId, new Date('2030-01-15T12:00:00Z'))
    expect(file?.fileName).toBe(`INC-${incident.number}-post-mortem.md`)
    expect(file?.markdown).toContain(`# Post-mortem: INC-${incident.number} Search down`)
    expect(file?.markdown).toContain('## Root cause\n\nThe index was rebuilt at peak.')
    expect(file?.markdown).toContain('| Rebuild indexes off-peak | Rita | 2030-03-03 | Open |')
    expect(file?.markdown).toContain('_Exported 2030-01-15 12:00 UTC from Incident Command._')
    expect(await getPostMortemExport(vera.actor, crypto.randomUUID())).toBeNull()
  })
})
