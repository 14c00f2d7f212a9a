import bcrypt from 'bcryptjs'

const COST = 11

export function hashPassword(password: string) {
  return bcrypt.hash(password, COST)
}

// Compared against when the email is unknown or has no password, so that path
// takes as long as a real check and does not reveal which emails exist.
let decoyHash: Promise<string> | undefined

export async function verifyPassword(password: string, hash: string | null | undefined) {
  decoyHash ??= bcrypt.hash('decoy password, never matches a real account', COST)
  return bcrypt.compare(password, hash ?? (await decoyHash))
}
