import { describe, expect, it } from 'vitest'
import { clientSource, normalizeAddress } from './client-source'

describe('clientSource', () => {
  const h = (entries: Record<string, string>) => new Headers(entries)

  it('uses the TCP peer and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientSource(h({ 'x-ic-peer': '203.0.113.9', 'x-forwarded-for': '198.51.100.1' }), 0)).toBe('203.0.113.9')
    expect(clientSource(h({ 'x-forwarded-for': '198.51.100.1' }), 0)).toBe('unknown')
  })

  it('behind N proxies takes the N-th address from the right, never what the client wrote further left', () => {
    const headers = h({ 'x-ic-peer': '10.0.0.2', 'x-forwarded-for': '1.2.3.4, 203.0.113.9, 10.0.0.1' })
    expect(clientSource(headers, 1)).toBe('10.0.0.1')
    expect(clientSource(headers, 2)).toBe('203.0.113.9')
    expect(clientSource(h({ 'x-ic-peer': '10.0.0.2', 'x-forwarded-for': '203.0.113.9' }), 1)).toBe('203.0.113.9')
  })

  it('falls back to the peer when the chain is shorter than the proxies or not an address', () => {
    expect(clientSource(h({ 'x-ic-peer': '10.0.0.2' }), 1)).toBe('10.0.0.2')
    expect(clientSource(h({ 'x-ic-peer': '10.0.0.2', 'x-forwarded-for': 'evil' }), 1)).toBe('10.0.0.2')
  })

  it('reads plain header objects (next-auth passes those)', () => {
    expect(clientSource({ 'x-ic-peer': '::ffff:127.0.0.1' }, 0)).toBe('127.0.0.1')
    expect(clientSource(undefined, 0)).toBe('unknown')
  })
})

describe('normalizeAddress', () => {
  it('keeps IPv4, unwraps mapped IPv6, and groups IPv6 by /64', () => {
    expect(normalizeAddress('192.0.2.1')).toBe('192.0.2.1')
    expect(normalizeAddress('192.0.2.1:5555')).toBe('192.0.2.1')
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(normalizeAddress('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64')
    expect(normalizeAddress('2001:db8:0:1:bbbb::2')).toBe('2001:db8:0:1::/64')
    expect(normalizeAddress('[2001:db8::1]:443')).toBe('2001:db8:0:0::/64')
    expect(normalizeAddress('::1')).toBe('0:0:0:0::/64')
    expect(normalizeAddress('not an address')).toBeNull()
    expect(normalizeAddress('')).toBeNull()
  })
})
