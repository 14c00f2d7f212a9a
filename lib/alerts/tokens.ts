// Integration tokens: 32 random bytes shown once; only their sha-256 is stored.
import { createHash, randomBytes } from 'node:crypto'

export const newToken = () => randomBytes(32).toString('base64url')
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex')
