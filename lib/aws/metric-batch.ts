import 'server-only'
import { GetMetricDataCommand, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch'
import { mapLimit } from './batch'
import { awsClients } from './clients'
import { callAws, toAwsError, type AwsError } from './errors'
import type { MetricsWindow } from './types'

// One GetMetricData batch over one window, shared by whoever has metrics to read: the board's
// services and the resources beside them are read in the same calls (lib/health/queries/fleet.ts),
// so one refresh costs one round of calls however many kinds it reads. Each reader hands in
// groups (all the queries of one service or resource, kept in one call) and gets the series
// back by query Id; query Ids must be unique across readers (each reader prefixes its own).

/** AWS limit per GetMetricData call. */
export const GET_METRIC_DATA_MAX_QUERIES = 500
const CONCURRENCY = 4

export type MetricGroup = { key: string; queries: MetricDataQuery[] }
/** Series by query Id (epoch ms → value); errors by group key for the calls AWS refused. */
export type MetricBatchResult = { values: Map<string, Map<number, number>>; errors: Map<string, AwsError> }

/** A reader's part of a batch: its groups, and how it turns the batch's answer into its result. */
export type MetricReader<T> = { groups: MetricGroup[]; read(result: MetricBatchResult): T }

/** Packs whole groups greedily into calls of at most 500 queries and runs them; throws when AWS refused every call. */
export async function runMetricGroups(region: string, groups: MetricGroup[], window: MetricsWindow): Promise<MetricBatchResult> {
  const calls: { queries: MetricDataQuery[]; keys: string[] }[] = []
  let current: (typeof calls)[number] = { queries: [], keys: [] }
  for (const g of groups) {
    if (current.queries.length > 0 && current.queries.length + g.queries.length > GET_METRIC_DATA_MAX_QUERIES) {
      calls.push(current)
      current = { queries: [], keys: [] }
    }
    current.queries.push(...g.queries)
    current.keys.push(g.key)
  }
  if (current.queries.length > 0) calls.push(current)

  const values = new Map<string, Map<number, number>>()
  const errors = new Map<string, AwsError>()
  let failed = 0
  await mapLimit(calls, CONCURRENCY, async (call) => {
    try {
      for (const r of await metricData(region, call.queries, window)) {
        const series = values.get(r.Id ?? '') ?? new Map<number, number>()
        ;(r.Timestamps ?? []).forEach((ts, k) => series.set(ts.getTime(), r.Values?.[k] ?? 0))
        values.set(r.Id ?? '', series)
      }
    } catch (err) {
      const error = toAwsError(err, 'cloudwatch:GetMetricData')
      failed++
      for (const key of call.keys) errors.set(key, error)
      // Nothing came back at all: fail like a single call would.
      if (failed === calls.length) throw error
    }
  })
  return { values, errors }
}

/** Several readers' groups in one batch over one window; each gets its own result (all of them the batch's error when AWS refused every call). */
export async function readMetricsTogether<A, B>(region: string, window: MetricsWindow, a: MetricReader<A>, b: MetricReader<B>): Promise<[A, B]> {
  const groups = [...a.groups, ...b.groups]
  const result = groups.length ? await runMetricGroups(region, groups, window) : { values: new Map(), errors: new Map() }
  return [a.read(result), b.read(result)]
}

/** One GetMetricData call's answer, all NextToken pages merged. */
export async function metricData(region: string, queries: MetricDataQuery[], window: MetricsWindow): Promise<MetricDataResult[]> {
  const merged = new Map<string, MetricDataResult>()
  let nextToken: string | undefined
  do {
    const out = await callAws('cloudwatch:GetMetricData', `${queries.length} metrics`, () =>
      awsClients(region).cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: window.start,
          EndTime: window.end,
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
      ),
    )
    for (const r of out.MetricDataResults ?? []) {
      const prev = merged.get(r.Id ?? '')
      if (!prev) merged.set(r.Id ?? '', { ...r, Timestamps: [...(r.Timestamps ?? [])], Values: [...(r.Values ?? [])] })
      else {
        prev.Timestamps!.push(...(r.Timestamps ?? []))
        prev.Values!.push(...(r.Values ?? []))
      }
    }
    nextToken = out.NextToken
  } while (nextToken)
  return [...merged.values()]
}
