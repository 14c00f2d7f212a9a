// Passwords of registered databases, encrypted at rest with AES-256-GCM. The key is
// DATABASE_CREDENTIALS_KEY (any secret of 32 characters or more; its SHA-256 is the
// AES key), passed in by the caller so the launcher's seed and the app share this code.
// Format: "v1:<iv>:<tag>:<ciphertext>", each part base64. A wrong key or an edited value
// fails to decrypt (the GCM tag), never decrypts to something else.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

const keyOf = (secret: string) => {
  if (secret.length < 32) throw new Error('DATABASE_CREDENTIALS_KEY must be at least 32 characters')
  return createHash('sha256').update(secret, 'utf8').digest()
}

export function encryptSecret(plain: string, secret: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':')
}

export function decryptSecret(stored: string, secret: string): string {
  const [version, iv, tag, body] = stored.split(':')
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not an encrypted secret (expected v1:iv:tag:data)')
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64'))
  decipher.setAuthTag(Buffer.from(tag, 'base64'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8')
}
