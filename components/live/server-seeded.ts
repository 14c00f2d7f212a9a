/**
 * Query options for data a server component read and handed down as the query's first data.
 *
 * Live events (apply-change.ts) only update or invalidate queries that exist, and this one
 * is created when the page mounts: a change pushed between the server's read and that mount
 * had nowhere to land and was dropped. Dated at 0, the seed is stale from the start, so the
 * query fetches once on mount and catches up; the seed shows meanwhile.
 */
export function serverSeeded<T>(initialData: T) {
  return { initialData, initialDataUpdatedAt: 0 }
}
