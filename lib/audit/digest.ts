// Signed digests of the audit chain, kept outside the database (like CloudTrail's
// digest files). Each digest names the chain's newest event (id and hash), how many
// events the chain held up to it, and a hash over every completion recorded by then,
// signed with HMAC-SHA256 under a key that never enters the database. Whoever can
// rewrite the database can recompute every hash in the chain, delete its newest rows
// or set a completed event back to PENDING; none of that matches the latest digest.
//
// Files: <dir>/<ISO time>-<head id>.json, one per digest, written 0600. The key is
// AUDIT_DIGEST_KEY, or a random one generated into <data dir>/audit-digest.key (0600).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { DbClient } from '@/lib/db/create-client'
import { env } from '@/lib/env.js'
import { stableStringify } from './chain'

export type DigestPlace = { dir: string; key: Buffer }

export type AuditDigest = {
  version: 1
  /** When the digest was made (ISO). */
  at: string
  /** The newest event then, or null for an empty chain. */
  headId: number | null
  headHash: string | null
  /** Events with an id up to headId. */
  count: number
  /** sha256 over (id, completionHash) of every event completed by `at`, in id order. */
  completionsRoot: string
  signature: string
}

/** Where digests go and the key that signs them, from the configuration. */
export function digestPlace(opts: { dataDir?: string; dir?: string; key?: string }): DigestPlace {
  const data = resolve(opts.dataDir ?? '.data')
  const dir = resolve(opts.dir ?? join(data, 'audit-digests'))
  if (opts.key) return { dir, key: Buffer.from(opts.key, 'utf8') }
  const file = join(data, 'audit-digest.key')
  if (!existsSync(file)) {
    mkdirSync(data, { recursive: true })
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' })
    } catch (err) {
      // Another instance made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
  }
  return { dir, key: Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8') }
}

/** This app's place: AUDIT_DIGEST_DIR and AUDIT_DIGEST_KEY, or defaults under DATA_DIR. */
export function auditDigestPlace(): DigestPlace {
  return digestPlace({ dataDir: env.DATA_DIR, dir: env.AUDIT_DIGEST_DIR, key: env.AUDIT_DIGEST_KEY })
}

const sign = (key: Buffer, body: Omit<AuditDigest, 'signature'>) => createHmac('sha256', key).update(stableStringify(body)).digest('hex')

type ChainState = { headId: number | null; headHash: string | null; count: number; completionsRoot: string }

/** The chain's state as of `at`: its newest event up to `upTo` (or now), and the completions. */
async function chainState(db: DbClient, at: Date, upTo?: number): Promise<ChainState> {
  const head = await db.auditEvent.findFirst({
    where: upTo === undefined ? {} : { id: { lte: upTo } },
    orderBy: { id: 'desc' },
    select: { id: true, hash: true },
  })
  if (!head) return { headId: null, headHash: null, count: 0, completionsRoot: createHash('sha256').update('none').digest('hex') }
  const count = await db.auditEvent.count({ where: { id: { lte: head.id } } })
  const root = createHash('sha256')
  let after = 0
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { id: { gt: after, lte: head.id }, completionHash: { not: null }, completedAt: { lte: at } },
      orderBy: { id: 'asc' },
      take: 5000,
      select: { id: true, completionHash: true },
    })
    for (const r of rows) root.update(`${r.id}:${r.completionHash}\n`)
    if (rows.length < 5000) break
    after = rows[rows.length - 1].id
  }
  return { headId: head.id, headHash: head.hash, count, completionsRoot: root.digest('hex') }
}

/** Writes a signed digest of the chain as it stands; returns it. */
export async function writeAuditDigest(db: DbClient, place: DigestPlace, now = new Date()): Promise<AuditDigest> {
  const state = await chainState(db, now)
  const body = { version: 1 as const, at: now.toISOString(), ...state }
  const digest: AuditDigest = { ...body, signature: sign(place.key, body) }
  mkdirSync(place.dir, { recursive: true, mode: 0o700 })
  const name = `${body.at.replace(/[:.]/g, '-')}-${state.headId ?? 0}.json`
  const tmp = join(place.dir, `.${name}.tmp`)
  writeFileSync(tmp, `${JSON.stringify(digest, null, 2)}\n`, { mode: 0o600 })
  renameSync(tmp, join(place.dir, name))
  return digest
}

/** The newest digest file, or null when none was written yet. */
export function latestDigest(place: DigestPlace): { file: string; digest: unknown } | null {
  if (!existsSync(place.dir)) return null
  const files = readdirSync(place.dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .sort()
  const last = files.at(-1)
  if (!last) return null
  const file = join(place.dir, last)
  try {
    return { file, digest: JSON.parse(readFileSync(file, 'utf8')) }
  } catch {
    return { file, digest: null }
  }
}

export type DigestProblem = { brokenAt: number; problem: string }

/**
 * Checks the database against the newest digest: the digest must carry this key's
 * signature, and the chain must still hold the same head, the same number of events up
 * to it and the same completions. Returns the first problem, or null.
 */
export async function checkAgainstDigest(db: DbClient, place: DigestPlace): Promise<DigestProblem | null> {
  const latest = latestDigest(place)
  if (!latest) return null
  const d = latest.digest as Partial<AuditDigest> | null
  const when = d?.at ?? 'an unknown time'
  if (!d || d.version !== 1 || typeof d.signature !== 'string' || typeof d.at !== 'string') {
    return { brokenAt: 0, problem: `the latest audit digest (${latest.file}) cannot be read` }
  }
  const { signature, ...body } = d as AuditDigest
  const expected = Buffer.from(sign(place.key, body), 'hex')
  const given = Buffer.from(signature, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { brokenAt: d.headId ?? 0, problem: `the latest audit digest (${latest.file}) does not carry this app's signature` }
  }
  if (d.headId === null || d.headId === undefined) return null
  const head = await db.auditEvent.findUnique({ where: { id: d.headId }, select: { hash: true } })
  if (!head) {
    return { brokenAt: d.headId, problem: `event ${d.headId}, the newest at the signed digest of ${when}, is gone (events were deleted or the table emptied)` }
  }
  if (head.hash !== d.headHash) {
    return { brokenAt: d.headId, problem: `the chain up to event ${d.headId} was rewritten after the signed digest of ${when}` }
  }
  const now = await chainState(db, new Date(d.at), d.headId)
  if (now.count !== d.count) {
    return { brokenAt: d.headId, problem: `${(d.count ?? 0) - now.count} events up to ${d.headId} were removed after the signed digest of ${when}` }
  }
  if (now.completionsRoot !== d.completionsRoot) {
    return { brokenAt: d.headId, problem: `an outcome completed before the signed digest of ${when} was changed or undone` }
  }
  return null
}

/**
 * The periodic anchor: checks the chain against the newest digest, and writes a new one
 * only when it still matches, so a tampered database is never signed as it stands.
 */
export async function anchorAuditChain(db: DbClient, place: DigestPlace, now = new Date()) {
  const problem = await checkAgainstDigest(db, place)
  if (problem) return { written: null, problem }
  return { written: await writeAuditDigest(db, place, now), problem: null }
}
