// Timings and retention of the simulated account.
import { MINUTE } from './model'

export const TICK = 5_000
/** After a long pause (a laptop asleep), replay at most this much; earlier minutes get the baseline. */
export const MAX_CATCH_UP = 6 * 60 * MINUTE
/** ECS shows stopped tasks for about an hour. */
export const STOPPED_VISIBLE_MS = 60 * MINUTE
export const STOPPED_RETAINED_MS = 3 * 60 * MINUTE
export const SAMPLES_RETAINED_MINUTES = 24 * 60
export const LOG_BUFFER_MAX = 5_000
export const EVENTS_KEPT = 100
export const HEALTH_CHECK_GRACE = 20_000
export const STABILIZE_WITHOUT_TG = 30_000
export const UNHEALTHY_REPLACE_AFTER = 90_000
export const DAY = 24 * 60 * MINUTE
