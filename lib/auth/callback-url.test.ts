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

  it('refuses every way of spelling another host that a browser would follow', () => {
    const hostile = [
      '/\t/evil.example/', // a tab: browsers strip it, leaving //evil.example/
      '/%09/evil.example/'.replace('%09', '\t'),
      '/\n/evil.example/',
      '/\r\n/evil.example/',
      '/\\evil.example/',
      '/\\/evil.example/',
      '/\t\\evil.example',
      '//evil.example',
      '///evil.example',
      '/ /evil.example'.replace(' ', '\t'),
      'http://evil.example/',
      'https:evil.example',
      '\t//evil.example',
    ]
    for (const bad of hostile) {
      const kept = safeCallbackUrl(bad)
      expect(new URL(kept, 'http://app.example').host, JSON.stringify(bad)).toBe('app.example')
    }
  })

  it('keeps encoded slashes as a path on this site', () => {
    const kept = safeCallbackUrl('/%2F%2Fevil.example')
    expect(new URL(kept, 'http://app.example').host).toBe('app.example')
    expect(kept).toBe('/%2F%2Fevil.example')
  })

  it('returns the parsed path, not the raw string', () => {
    expect(safeCallbackUrl('/incidents/\tabc')).toBe('/incidents/abc')
  })

  it('does not loop back to the sign-in page or the API', () => {
    expect(safeCallbackUrl('/login')).toBe('/services')
    expect(safeCallbackUrl('/api/auth/signout')).toBe('/services')
  })
})
