// The dashboard's period: a preset (the last 7, 30 or 90 days, today included) or
// chosen dates, always whole UTC days. Pure and client-safe.
//
// A range is [from, to): `to` is the start of the day after the last one shown.
// Each range has the previous period of the same length for the trend, and
// buckets for the charts: days for up to two weeks, ISO weeks (Monday first) beyond.

const DAY = 24 * 60 * 60_000
export const MAX_RANGE_DAYS = 366

export const rangePresets = ['7d', '30d', '90d'] as const
export type RangePreset = (typeof rangePresets)[number]
export const presetDays: Record<RangePreset, number> = { '7d': 7, '30d': 30, '90d': 90 }
export const DEFAULT_PRESET: RangePreset = '30d'

export type BucketUnit = 'day' | 'week'

export type DashboardRange = {
  preset: RangePreset | 'custom'
  /** Inclusive start, ISO. */
  from: string
  /** Exclusive end, ISO (the start of the day after the last day). */
  to: string
  /** The first and last day shown (YYYY-MM-DD, both inclusive), as the incident list's from/to take them. */
  firstDay: string
  lastDay: string
  days: number
  /** The start of the previous period of the same length (it ends at `from`). */
  previousFrom: string
  bucket: BucketUnit
  label: string
}

export type RangeParams = { range?: string | null; from?: string | null; to?: string | null }

const dateOnly = /^\d{4}-\d{2}-\d{2}$/
const startOfDay = (t: number) => Math.floor(t / DAY) * DAY
const day = (t: number) => new Date(t).toISOString().slice(0, 10)

function build(preset: DashboardRange['preset'], fromMs: number, toMs: number): DashboardRange {
  const days = Math.round((toMs - fromMs) / DAY)
  const firstDay = day(fromMs)
  const lastDay = day(toMs - DAY)
  return {
    preset,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    firstDay,
    lastDay,
    days,
    previousFrom: new Date(fromMs - days * DAY).toISOString(),
    bucket: days <= 14 ? 'day' : 'week',
    label: preset === 'custom' ? `${firstDay} to ${lastDay}` : `Last ${days} days`,
  }
}

export function presetRange(preset: RangePreset, now: Date = new Date()): DashboardRange {
  const to = startOfDay(now.getTime()) + DAY
  return build(preset, to - presetDays[preset] * DAY, to)
}

/**
 * The range the URL asks for: ?range=7d|30d|90d, or ?from=YYYY-MM-DD&to=YYYY-MM-DD
 * (both days included). Anything unusable falls back to the last 30 days, with
 * `problem` saying why.
 */
export function parseRange(params: RangeParams, now: Date = new Date()): { range: DashboardRange; problem: string | null } {
  const from = params.from?.trim()
  const to = params.to?.trim()
  if (from || to) {
    if (
      !from ||
      !to ||
      !dateOnly.test(from) ||
      !dateOnly.test(to) ||
      Number.isNaN(Date.parse(`${from}T00:00:00Z`)) ||
      Number.isNaN(Date.parse(`${to}T00:00:00Z`))
    ) {
      return { range: presetRange(DEFAULT_PRESET, now), problem: 'Choose both dates, such as 2025-11-01 and 2025-11-30.' }
    }
    const fromMs = Date.parse(`${from}T00:00:00Z`)
    const toMs = Date.parse(`${to}T00:00:00Z`) + DAY
    if (toMs <= fromMs) return { range: presetRange(DEFAULT_PRESET, now), problem: 'The first date must not be after the last one.' }
    if (toMs - fromMs > MAX_RANGE_DAYS * DAY) return { range: presetRange(DEFAULT_PRESET, now), problem: `Choose at most ${MAX_RANGE_DAYS} days.` }
    return { range: build('custom', fromMs, toMs), problem: null }
  }
  const preset = (rangePresets as readonly string[]).includes(params.range ?? '') ? (params.range as RangePreset) : DEFAULT_PRESET
  const problem = params.range && preset !== params.range ? `Unknown range "${params.range}"; showing the last 30 days.` : null
  return { range: presetRange(preset, now), problem }
}

/** The moment the range's figures are taken at: its end, or now while it is still running. */
export function asOfFor(range: Pick<DashboardRange, 'to'>, now: Date = new Date()): Date {
  return new Date(Math.min(Date.parse(range.to), now.getTime()))
}

export type Bucket = {
  /** The start of the bucket (the day, or the Monday of the week), ISO; the SQL groups by the same value. */
  key: string
  label: string
  /** The part of the bucket inside the range, as inclusive days for the incident list's links. */
  firstDay: string
  lastDay: string
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const short = (t: number) => {
  const d = new Date(t)
  return `${months[d.getUTCMonth()]} ${d.getUTCDate()}`
}

/** Every bucket of the range, empty ones included, in order. */
export function bucketsOf(range: Pick<DashboardRange, 'from' | 'to' | 'bucket'>): Bucket[] {
  const fromMs = Date.parse(range.from)
  const toMs = Date.parse(range.to)
  const step = range.bucket === 'day' ? DAY : 7 * DAY
  // ISO weeks start on Monday (getUTCDay: 0 is Sunday).
  let start = range.bucket === 'day' ? fromMs : fromMs - ((new Date(fromMs).getUTCDay() + 6) % 7) * DAY
  const out: Bucket[] = []
  for (; start < toMs; start += step) {
    const first = Math.max(start, fromMs)
    const last = Math.min(start + step, toMs) - DAY
    out.push({
      key: new Date(start).toISOString(),
      label: range.bucket === 'day' ? short(start) : `wk ${short(start)}`,
      firstDay: day(first),
      lastDay: day(last),
    })
  }
  return out
}

/** A link to the incident list, filtered as a chart's bar or row is. */
export function incidentsHref(filter: {
  severity?: string | string[]
  serviceId?: string
  commanderId?: string
  state?: 'open' | 'resolved'
  from?: string
  to?: string
}) {
  const params = new URLSearchParams()
  if (filter.state) params.set('state', filter.state)
  if (filter.severity) params.set('severity', Array.isArray(filter.severity) ? filter.severity.join(',') : filter.severity)
  if (filter.serviceId) params.set('serviceId', filter.serviceId)
  if (filter.commanderId) params.set('commanderId', filter.commanderId)
  if (filter.from) params.set('from', filter.from)
  if (filter.to) params.set('to', filter.to)
  const query = params.toString()
  return query ? `/incidents?${query}` : '/incidents'
}
