import { QueryClient, QueryObserver } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { serverSeeded } from './server-seeded'

describe('serverSeeded', () => {
  it('shows the server’s data at once, then fetches once on mount to catch up with changes pushed before the query existed', async () => {
    const client = new QueryClient()
    let fetches = 0
    const observer = new QueryObserver(client, {
      queryKey: ['seeded'],
      queryFn: async () => `fetched ${++fetches}`,
      staleTime: 60_000,
      ...serverSeeded('from the server'),
    })
    expect(observer.getCurrentResult().data).toBe('from the server')
    expect(observer.getCurrentResult().isStale).toBe(true)
    const seen: (string | undefined)[] = []
    const stop = observer.subscribe((r) => seen.push(r.data))
    await expect.poll(() => client.getQueryData(['seeded'])).toBe('fetched 1')
    stop()
    expect(seen.at(-1)).toBe('fetched 1')
    // Fresh from then on (staleTime), like any query: a second mount does not fetch again.
    const again = new QueryObserver(client, { queryKey: ['seeded'], queryFn: async () => `fetched ${++fetches}`, staleTime: 60_000 })
    again.subscribe(() => undefined)()
    expect(fetches).toBe(1)
    client.clear()
  })
})
