import { describe, expect, it } from 'vitest'
import { decryptSecret, encryptSecret } from './crypto'

const key = 'k'.repeat(32)

describe('database password encryption', () => {
  it('round-trips, and never stores the password in clear', () => {
    const stored = encryptSecret('hunter2-password', key)
    expect(stored).toMatch(/^v1:/)
    expect(stored).not.toContain('hunter2')
    expect(decryptSecret(stored, key)).toBe('hunter2-password')
    // A fresh IV each time: the same password does not encrypt to the same text.
    expect(encryptSecret('hunter2-password', key)).not.toBe(stored)
  })

  it('refuses a wrong key, an edited value and a short key', () => {
    const stored = encryptSecret('secret', key)
    expect(() => decryptSecret(stored, 'x'.repeat(32))).toThrow()
    const [v, iv, tag, body] = stored.split(':')
    const flipped = Buffer.from(body, 'base64')
    flipped[0] ^= 1
    expect(() => decryptSecret([v, iv, tag, flipped.toString('base64')].join(':'), key)).toThrow()
    expect(() => encryptSecret('secret', 'short')).toThrow(/at least 32/)
  })
})
