import { hkdfSync, randomUUID } from 'node:crypto'
import { EncryptJWT, jwtDecrypt } from 'jose'
import type { JWT, JWTDecodeParams, JWTEncodeParams } from 'next-auth/jwt'

// The session cookie in next-auth's own format (an encrypted JWT: "dir" + A256GCM, with a key
// derived from the secret by HKDF-SHA256), written and read as next-auth does, except that the
// derived key is kept per secret. next-auth derives it again on every request; that was about a
// millisecond of the one event loop per request, most of a board poll's own work at 100 viewers.
// A cookie made by either reads with the other (lib/auth/session-token.test.ts).

const DEFAULT_MAX_AGE_S = 30 * 24 * 60 * 60
const keys = new Map<string, Uint8Array>()

function keyOf(secret: string | Buffer, salt: string) {
  const id = `${Buffer.from(secret).toString('base64')}|${salt}`
  let key = keys.get(id)
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, salt, `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ''}`, 32))
    keys.set(id, key)
  }
  return key
}

export async function encodeSessionToken({ token = {}, secret, maxAge = DEFAULT_MAX_AGE_S, salt = '' }: JWTEncodeParams): Promise<string> {
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + maxAge)
    .setJti(randomUUID())
    .encrypt(keyOf(secret, salt))
}

export async function decodeSessionToken({ token, secret, salt = '' }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null
  const { payload } = await jwtDecrypt(token, keyOf(secret, salt), { clockTolerance: 15 })
  return payload as JWT
}
