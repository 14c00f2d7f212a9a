// Health thresholds (ARCHITECTURE.md, "Health thresholds"). Client-safe: charts draw them.
export const thresholds = {
  cpuPercent: { warning: 70, critical: 85 },
  memoryPercent: { warning: 80, critical: 90 },
  errorRatePercent: { warning: 1, critical: 5 },
  latencyMs: { warning: 500, critical: 1000 },
  /** A rollout still in progress after this long is worth a look. */
  slowDeploymentMinutes: 15,
  /** Stopped tasks are "recent" inside this window. */
  stoppedWindowMinutes: 10,
  /** This many failed tasks inside the window is a crash loop. */
  crashLoopCount: 3,
} as const

export type Level = 'warning' | 'critical'
export type Limits = { warning: number; critical: number }

/** Above the critical line is critical, above the warning line a warning; equal is fine. */
export function levelOf(value: number | null | undefined, limits: Limits): Level | null {
  if (value == null || Number.isNaN(value)) return null
  if (value > limits.critical) return 'critical'
  if (value > limits.warning) return 'warning'
  return null
}
