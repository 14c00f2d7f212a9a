// Our session cookie is next-auth's own format: a cookie written by either reads with the other,
// a cookie under another secret or past its expiry does not read, and a tampered one fails.
import { decode, encode } from 'next-auth/jwt'
import { describe, expect, it } from 'vitest'
import { decodeSessionToken, encodeSessionToken } from './session-token'

const secret = 'test-secret-0123456789abcdefghijklmnop'
const token = { uid: 'u1', name: 'Ada', sv: 3, method: 'password' as const, signedInAt: 1_700_000_000_000 }

describe('session token', () => {
  it('reads what next-auth wrote, and next-auth reads what we wrote', async () => {
    expect(await decodeSessionToken({ token: await encode({ token, secret }), secret })).toMatchObject(token)
    expect(await decode({ token: await encodeSessionToken({ token, secret }), secret })).toMatchObject(token)
    // A salt (next-auth's chunked cookies use none, but the format allows it) derives another key.
    const salted = await encode({ token, secret, salt: 'x' })
    expect(await decodeSessionToken({ token: salted, secret, salt: 'x' })).toMatchObject(token)
    await expect(decodeSessionToken({ token: salted, secret })).rejects.toThrow()
  })

  it('refuses another secret, an expired cookie and a changed one; no cookie is no session', async () => {
    const cookie = await encodeSessionToken({ token, secret })
    await expect(decodeSessionToken({ token: cookie, secret: `${secret}-other` })).rejects.toThrow()
    const expired = await encodeSessionToken({ token, secret, maxAge: -60 })
    await expect(decodeSessionToken({ token: expired, secret })).rejects.toThrow(/exp/)
    const tampered = cookie.slice(0, -4) + (cookie.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    await expect(decodeSessionToken({ token: tampered, secret })).rejects.toThrow()
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull()
  })
})
