// The simulator reads time only through a clock, so tests can move it without sleeping.

export type SimClock = { now(): number }

export const systemClock: SimClock = { now: () => Date.now() }

export type ManualClock = SimClock & {
  advance(ms: number): number
  set(epochMs: number): void
}

/** A clock that only moves when told to. */
export function manualClock(startMs: number = Date.UTC(2025, 0, 15, 12, 0, 0)): ManualClock {
  let t = startMs
  return {
    now: () => t,
    advance(ms: number) {
      t += ms
      return t
    },
    set(epochMs: number) {
      t = epochMs
    },
  }
}
