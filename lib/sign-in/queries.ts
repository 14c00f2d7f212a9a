import 'server-only'
import { db } from '@/lib/db/client'

/** Accounts locked now (from at least one source), for the admin page: email → sources and latest end. */
export async function lockedAccounts(now = new Date()) {
  const rows = await db.signInThrottle.findMany({ where: { email: { not: null }, lockedUntil: { gt: now } }, select: { email: true, lockedUntil: true } })
  const out = new Map<string, { sources: number; until: Date }>()
  for (const r of rows) {
    const prev = out.get(r.email!)
    out.set(r.email!, { sources: (prev?.sources ?? 0) + 1, until: prev && prev.until > r.lockedUntil! ? prev.until : r.lockedUntil! })
  }
  return out
}
