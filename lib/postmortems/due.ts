// When a post-mortem is due. Pure and client-safe; the dashboard's SQL mirrors
// businessDaysAfter (lib/dashboard/sql.ts) and an integration test holds them equal.
//
// A post-mortem the severity policy requires is due by the end (23:59:59.999 UTC)
// of the fifth business day (Monday to Friday; holidays are not known) after the
// day the incident was resolved. An optional post-mortem has no due date.

const DAY = 24 * 60 * 60_000

export const POSTMORTEM_DUE_BUSINESS_DAYS = 5

const isWeekend = (day: Date) => day.getUTCDay() === 0 || day.getUTCDay() === 6

/** The end of the `n`th Monday-to-Friday day after `from`'s UTC date (n ≥ 1). */
export function businessDaysAfter(from: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a whole number of at least 1')
  let day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate())
  for (let counted = 0; counted < n;) {
    day += DAY
    if (!isWeekend(new Date(day))) counted++
  }
  return new Date(day + DAY - 1)
}

/** The due date of a post-mortem for an incident resolved at `resolvedAt`; null when none is required. */
export function postMortemDueAt(resolvedAt: Date | string | null, required: boolean): Date | null {
  if (!required || resolvedAt == null) return null
  return businessDaysAfter(resolvedAt instanceof Date ? resolvedAt : new Date(resolvedAt), POSTMORTEM_DUE_BUSINESS_DAYS)
}

/** A date input's value (2025-11-26) as the end of that day, UTC: due "on" a day means by its end. */
export function endOfUtcDay(date: string): Date {
  const start = Date.parse(`${date}T00:00:00.000Z`)
  if (Number.isNaN(start)) throw new RangeError(`not a date: ${date}`)
  return new Date(start + DAY - 1)
}
