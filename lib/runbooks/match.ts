// Which runbooks an incident should offer first: scored from the status board findings of its
// services, the alarms that fired, and the words of its title, impact and notes.
// Pure and client-safe.
import { runbooks as catalog } from './catalog'
import type { HealthSignalMatcher, Runbook } from './types'

/** A finding as lib/health/rules.ts produces it. */
export type MatchFinding = { signal: string; text: string; level: string }

export type MatchInput = {
  findings?: readonly MatchFinding[]
  alarmNames?: readonly string[]
  /** Incident title, impact and notes. */
  text?: string
}

export type RunbookSuggestion = {
  runbook: Runbook
  score: number
  /** Why it was suggested, strongest evidence first. */
  why: string[]
}

/** How much each kind of evidence counts. */
export const matchWeights = {
  /** A finding matching a matcher with a pattern (overridden by the matcher's weight). */
  healthPattern: 10,
  /** A finding matching a matcher on its signal only. */
  healthSignal: 5,
  /** Findings at the critical level count this many times as much. */
  criticalFactor: 1.5,
  /** Each alarm whose name matches one of the runbook's patterns. */
  alarm: 8,
  /** Each keyword found in the text: a single word, then this much more per extra word of a phrase. */
  word: 3,
  perExtraWord: 2,
  /** The most one keyword can count, however long the phrase. */
  phraseMax: 7,
  /** Text alone never outweighs a strong signal from the board. */
  keywordCap: 15,
} as const

const regexCache = new Map<string, RegExp | null>()

/** A case-insensitive RegExp for a matcher pattern; null (never matches) if the pattern is broken. */
export function matcherRegExp(pattern: string): RegExp | null {
  let re = regexCache.get(pattern)
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'i')
    } catch {
      re = null
    }
    regexCache.set(pattern, re)
  }
  return re
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** True when the keyword appears in the text as whole words (a trailing plural s/es allowed). */
export function mentions(text: string, keyword: string) {
  const re = matcherRegExp(`(?:^|[^a-z0-9])${escapeRegExp(keyword.toLowerCase())}(?:e?s)?(?![a-z0-9])`)
  return re ? re.test(text) : false
}

const findingPoints = (m: HealthSignalMatcher, critical: boolean) =>
  (m.weight ?? (m.pattern ? matchWeights.healthPattern : matchWeights.healthSignal)) * (critical ? matchWeights.criticalFactor : 1)

const matches = (m: HealthSignalMatcher, f: MatchFinding) => {
  if (m.signal !== f.signal) return false
  if (!m.pattern) return true
  return matcherRegExp(m.pattern)?.test(f.text) ?? false
}

type Evidence = { points: number; why: string }

function evidenceFor(runbook: Runbook, findings: readonly MatchFinding[], alarms: readonly string[], text: string): Evidence[] {
  const found: Evidence[] = []
  const { healthSignals = [], alarmPatterns = [], keywords = [] } = runbook.matchers

  // Each finding counts once, through the matcher that values it most.
  for (const f of findings) {
    const critical = f.level === 'critical'
    const best = Math.max(0, ...healthSignals.filter((m) => matches(m, f)).map((m) => findingPoints(m, critical)))
    if (best > 0) found.push({ points: best, why: `status board: ${f.text}` })
  }

  for (const name of alarms) {
    if (alarmPatterns.some((p) => matcherRegExp(p)?.test(name))) found.push({ points: matchWeights.alarm, why: `alarm ${name}` })
  }

  if (text) {
    let budget: number = matchWeights.keywordCap
    for (const keyword of keywords) {
      if (budget <= 0) break
      if (!mentions(text, keyword)) continue
      const words = keyword.trim().split(/\s+/).length
      const points = Math.min(budget, matchWeights.phraseMax, matchWeights.word + matchWeights.perExtraWord * (words - 1))
      budget -= points
      found.push({ points, why: `mentions "${keyword}"` })
    }
  }
  return found
}

function alarmNamesOf(input: MatchInput) {
  const names = new Set(input.alarmNames ?? [])
  for (const f of input.findings ?? []) {
    if (f.signal === 'alarm') names.add(f.text.replace(/^alarm\s+/i, ''))
  }
  return [...names]
}

/** Every runbook with any evidence for it, best first (ties keep catalog order). */
export function suggestRunbooks(input: MatchInput, opts: { catalog?: readonly Runbook[]; limit?: number } = {}): RunbookSuggestion[] {
  const list = opts.catalog ?? catalog
  const findings = (input.findings ?? []).filter((f) => f.signal !== 'alarm')
  const alarms = alarmNamesOf(input)
  const text = (input.text ?? '').toLowerCase()

  const scored = list
    .map((runbook, order) => {
      const evidence = evidenceFor(runbook, findings, alarms, text).sort((a, b) => b.points - a.points)
      const score = Math.round(evidence.reduce((sum, e) => sum + e.points, 0) * 10) / 10
      return { runbook, score, why: evidence.map((e) => e.why), order }
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ runbook, score, why }) => ({ runbook, score, why }))

  return opts.limit != null ? scored.slice(0, opts.limit) : scored
}

/** For an incident: the suggested runbooks first, then the rest of the catalog in its order. */
export function runbooksForIncident(input: MatchInput, opts: { catalog?: readonly Runbook[] } = {}) {
  const list = opts.catalog ?? catalog
  const suggested = suggestRunbooks(input, { catalog: list })
  const picked = new Set(suggested.map((s) => s.runbook.id))
  return { suggested, others: list.filter((r) => !picked.has(r.id)) }
}
