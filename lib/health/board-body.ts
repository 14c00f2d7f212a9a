// The status board's response body, made once per snapshot and shared by every viewer: at
// 2,000 services the board is over a megabyte of JSON. Each snapshot's JSON is built once,
// without what no board shows (a row's findings: its reason already names the first three; a
// service page reads them itself), and named by an ETag, so a browser revalidating the body it
// holds gets 304 and no body. It is sent as it is: Next.js drops a route handler's
// Content-Encoding header (so it cannot be precompressed), and compressing it per request cost
// more than everything else the route does. The rows go as a table: each key is named once,
// each row is the list of its values (a 2,000-service board's key names were nearly half its
// bytes), and `decodeBoard` (lib/health/board-wire.ts, in the board's query) makes them rows again, every value as it was.
import { boardColumns, metricsAtKeys, type BoardWire } from './board-wire'
import type { FleetHealth } from './dto'

export type BoardBody = { tag: string; etag: string; json: Buffer }

/** What names a snapshot: when it was made, whether it is stale now, at what interval. */
export const snapshotTag = (health: Pick<FleetHealth, 'refreshedAt' | 'stale' | 'intervalMs'>) => `${health.refreshedAt}|${health.stale}|${health.intervalMs}`

export function boardBody(health: FleetHealth): BoardBody {
  const { services, ...rest } = health
  const rows = services.map((row) => boardColumns.map((c) => (c === 'metricsAt' ? row.metricsAt && metricsAtKeys.map((k) => row.metricsAt![k]) : row[c])))
  const json = Buffer.from(JSON.stringify({ ...rest, columns: boardColumns, rows } satisfies BoardWire))
  // The tag, and the length in case two snapshots ever share a time.
  const etag = `"${Date.parse(health.refreshedAt).toString(36)}-${health.stale ? 's' : 'f'}-${health.intervalMs.toString(36)}-${json.length.toString(36)}"`
  return { tag: snapshotTag(health), etag, json }
}

/** The response for one request: 304 when it already holds this snapshot, else the body. */
export function boardResponse(body: BoardBody, headers: Headers): Response {
  // Revalidated on every request: a held body is used only after the server said it is still the current snapshot.
  // no-transform: the server would gzip the same megabyte again for every request (tens of milliseconds of CPU each,
  // which queued every viewer behind it); compress once in front of the instances (the load balancer or proxy) instead.
  const common = { etag: body.etag, 'cache-control': 'private, no-cache, no-transform' }
  const match = headers.get('if-none-match')
  if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === body.etag)) return new Response(null, { status: 304, headers: common })
  return new Response(body.json as Uint8Array<ArrayBuffer>, { headers: { ...common, 'content-type': 'application/json' } })
}
