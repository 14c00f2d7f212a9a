import { describe, expect, it } from 'vitest'
import { safeCallbackUrl } from './callback-url'

describe('safeCallbackUrl', () => {
  it('keeps same-site paths', () => {
    expect(safeCallbackUrl('/incidents?status=open')).toBe('/incidents?status=open')
  })

  it('refuses other hosts and odd values', () => {
    for (const bad of ['https://evil.example.com', '//evil.example.com', '/\\evil.example.com', 'javascript:alert(1)', undefined, 42]) {
      expect(safeCallbackUrl(bad)).toBe('/services')
    }
  })

  it('does not loop back to the sign-in page or the API', () => {
    expect(safeCallbackUrl('/login')).toBe('/services')
    expect(safeCallbackUrl('/api/auth/signout')).toBe('/services')
  })
})
