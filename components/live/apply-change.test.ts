import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import type { TimelineEntryDto } from '@/lib/incidents/dto'
import { healthKeys } from '@/lib/health/query-keys'
import { resourceKeys } from '@/lib/resources/query-keys'
import { incidentKeys } from '@/lib/incidents/query-keys'
import { applyLiveChange, fetchNewerEntries, mergeEntries } from './apply-change'

const entry = (id: number, kind: TimelineEntryDto['kind'] = 'note'): TimelineEntryDto => ({
  id,
  kind,
  at: '2026-11-30T01:00:00.000Z',
  actor: null,
  text: `#${id}`,
  data: null,
})
const ID = '00000000-0000-4000-8000-000000000001'

describe('live events in the query cache', () => {
  it('merges entries by id, oldest first, once each', () => {
    expect(mergeEntries([entry(1), entry(3)], [entry(3), entry(2), entry(5)]).map((e) => e.id)).toEqual([1, 2, 3, 5])
    const held = [entry(1)]
    expect(mergeEntries(held, [entry(1)])).toBe(held)
  })

  it('an entry pushed while a poll is on its way stays when the poll answers with the older list', async () => {
    const client = new QueryClient()
    const key = incidentKeys.timeline(ID)
    client.setQueryData(key, [entry(1)])
    let answer!: (page: { entries: TimelineEntryDto[]; hasMore: boolean }) => void
    const asked: (number | null)[] = []
    const poll = client.fetchQuery({
      queryKey: key,
      queryFn: () =>
        fetchNewerEntries(client, ID, [], (_id, after) => {
          asked.push(after)
          return new Promise((resolve) => (answer = resolve))
        }),
    })
    await Promise.resolve()
    applyLiveChange(client, { k: 'timeline', i: ID, e: 3, entries: [entry(3)] })
    answer({ entries: [entry(2)], hasMore: false })
    expect((await poll).map((e) => e.id)).toEqual([1, 2, 3])
    expect(client.getQueryData<TimelineEntryDto[]>(key)?.map((e) => e.id)).toEqual([1, 2, 3])
    expect(asked).toEqual([1])
  })

  it('a timeline event with its entries extends the held timeline without a refetch', () => {
    const client = new QueryClient()
    client.setQueryData(incidentKeys.timeline(ID), [entry(1)])
    applyLiveChange(client, { k: 'timeline', i: ID, e: 2, entries: [entry(2)] })
    expect(client.getQueryData<TimelineEntryDto[]>(incidentKeys.timeline(ID))?.map((e) => e.id)).toEqual([1, 2])
    expect(client.getQueryState(incidentKeys.timeline(ID))?.isInvalidated).toBe(false)
  })

  it('a timeline event without entries, or an incident at a newer version, invalidates; an older version does not', () => {
    const client = new QueryClient()
    client.setQueryData(incidentKeys.timeline(ID), [entry(1)])
    client.setQueryData(incidentKeys.detail(ID), { version: 3, clocks: { escalation: { escalate: false } } })
    applyLiveChange(client, { k: 'incident', i: ID, v: 3 })
    expect(client.getQueryState(incidentKeys.detail(ID))?.isInvalidated).toBe(false)
    applyLiveChange(client, { k: 'incident', i: ID, v: 4 })
    expect(client.getQueryState(incidentKeys.detail(ID))?.isInvalidated).toBe(true)
    applyLiveChange(client, { k: 'timeline', i: ID, e: 7 })
    expect(client.getQueryState(incidentKeys.timeline(ID))?.isInvalidated).toBe(true)
  })

  it('a board refresh invalidates the board only when it is newer than what is shown', () => {
    const client = new QueryClient()
    client.setQueryData(healthKeys.fleet(), { refreshedAt: '2026-11-30T01:00:00.000Z' })
    applyLiveChange(client, { k: 'health', t: '2026-11-30T01:00:00' })
    expect(client.getQueryState(healthKeys.fleet())?.isInvalidated).toBe(false)
    applyLiveChange(client, { k: 'health', t: '2026-11-30T01:00:10.5' })
    expect(client.getQueryState(healthKeys.fleet())?.isInvalidated).toBe(true)
  })

  it("a board refresh refetches the resources' health too (one refresh reads both), only when it is newer than what is shown", () => {
    const client = new QueryClient()
    client.setQueryData(healthKeys.fleet(), { refreshedAt: '2026-11-30T01:00:10.500Z' })
    client.setQueryData(resourceKeys.health(), { refreshedAt: '2026-11-30T01:00:00.000Z' })
    applyLiveChange(client, { k: 'health', t: '2026-11-30T01:00:00' })
    expect(client.getQueryState(resourceKeys.health())?.isInvalidated).toBe(false)
    applyLiveChange(client, { k: 'health', t: '2026-11-30T01:00:10.5' })
    expect(client.getQueryState(resourceKeys.health())?.isInvalidated).toBe(true)
    expect(client.getQueryState(healthKeys.fleet())?.isInvalidated).toBe(false)
  })
})
