// Password hashes: argon2id (OWASP's recommended parameters), computed by a native
// library on libuv's thread pool, so a burst of sign-ins never blocks the event loop.
// bcrypt hashes from before still verify (bcryptjs; rehashed to argon2id at the next
// successful sign-in, see needsRehash).
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2'
import bcrypt from 'bcryptjs'

const PARAMS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const
const CURRENT_PREFIX = `$argon2id$v=19$m=${PARAMS.memoryCost},t=${PARAMS.timeCost},p=${PARAMS.parallelism}$`

export function hashPassword(password: string) {
  return argonHash(password, PARAMS)
}

/** Whether a stored hash should be replaced by a fresh one (older algorithm or parameters). */
export function needsRehash(hash: string) {
  return !hash.startsWith(CURRENT_PREFIX)
}

// Compared against when the email is unknown or has no password, so that path
// takes as long as a real check and does not reveal which emails exist.
let decoyHash: Promise<string> | undefined

export async function verifyPassword(password: string, hash: string | null | undefined) {
  decoyHash ??= hashPassword('decoy password, never matches a real account')
  const stored = hash ?? (await decoyHash)
  if (stored.startsWith('$argon2')) return argonVerify(stored, password).catch(() => false)
  if (/^\$2[aby]\$/.test(stored)) return bcrypt.compare(password, stored)
  return false
}
