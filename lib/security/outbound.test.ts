import { describe, expect, it, vi } from 'vitest'

// Every case passes its allow-list; the configuration itself is not needed.
vi.hoisted(() => {
  process.env.SKIP_ENV_VALIDATION = '1'
})
import { allowListed, checkDestination, isPublicAddress, postJson } from './outbound'

describe('isPublicAddress', () => {
  it('refuses loopback, link-local, private, CGNAT, multicast and their IPv6 forms', () => {
    for (const ip of [
      '127.0.0.1',
      '127.9.9.9',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::10.0.0.1',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false)
    }
  })

  it('accepts public addresses', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(ip), ip).toBe(true)
  })
})

describe('allowListed', () => {
  it('matches the host as written, with or without a port', () => {
    const allow = ['127.0.0.1', 'relay.internal:8080', '[::1]:9000']
    expect(allowListed(new URL('http://127.0.0.1:4000/x'), allow)).toBe(true)
    expect(allowListed(new URL('http://relay.internal:8080/x'), allow)).toBe(true)
    expect(allowListed(new URL('http://relay.internal:8081/x'), allow)).toBe(false)
    expect(allowListed(new URL('http://[::1]:9000/x'), allow)).toBe(true)
    expect(allowListed(new URL('http://[::1]:9001/x'), allow)).toBe(false)
    // A name that resolves to a listed address is not the listed host.
    expect(allowListed(new URL('http://localhost:4000/x'), allow)).toBe(false)
    expect(allowListed(new URL('http://127.0.0.2/x'), allow)).toBe(false)
  })
})

describe('checkDestination', () => {
  const allow = ['127.0.0.1']

  it('refuses private, loopback and link-local destinations, by address or by name, and plain http outside the list', async () => {
    for (const url of ['https://10.0.0.5/hook', 'https://169.254.169.254/latest/meta-data', 'https://127.0.0.2/x', 'https://[::1]/x', 'https://localhost/x']) {
      const c = await checkDestination(url, allow)
      expect(c.ok, url).toBe(false)
      if (!c.ok) expect(c.reason, url).toMatch(/private, loopback or link-local/)
    }
    expect(await checkDestination('http://93.184.216.34/hook', allow)).toMatchObject({ ok: false, reason: expect.stringContaining('https') })
    expect(await checkDestination('https://user:pw@93.184.216.34/hook', allow)).toMatchObject({ ok: false })
  })

  it('lets through a public https address and what the list names', async () => {
    expect(await checkDestination('https://93.184.216.34/hook', allow)).toEqual({ ok: true, allowListed: false })
    expect(await checkDestination('http://127.0.0.1:9/hook', allow)).toEqual({ ok: true, allowListed: true })
  })

  it('postJson refuses before connecting when the name resolves to a refused address', async () => {
    expect(await postJson('https://localhost:9/x', { a: 1 }, { timeoutMs: 1000, allow })).toMatchObject({
      ok: false,
      error: expect.stringContaining('refused'),
    })
  })
})
