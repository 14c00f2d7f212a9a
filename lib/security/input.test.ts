import { describe, expect, it } from 'vitest'
import { maxBodyBytes, refuseRequest } from './input.js'

const req = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers: new Headers(headers) })

describe('refuseRequest', () => {
  it('refuses a NUL in the address, raw or encoded, in the path or the query', () => {
    expect(refuseRequest(req('GET', 'http://x/incidents?q=a%00b'))?.status).toBe(400)
    expect(refuseRequest(req('GET', 'http://x/api/audit/export?actor=%00'))?.status).toBe(400)
    expect(refuseRequest(req('GET', 'http://x/incidents/%00'))?.status).toBe(400)
    expect(refuseRequest(req('GET', 'http://x/incidents?q=100%2500'))).toBeNull()
  })

  it('refuses a body over the limit with 413, and one without a length with 411', () => {
    expect(refuseRequest(req('POST', 'http://x/incidents', { 'content-length': String(maxBodyBytes + 1) }))?.status).toBe(413)
    expect(refuseRequest(req('POST', 'http://x/incidents', { 'content-length': String(maxBodyBytes) }))).toBeNull()
    expect(refuseRequest(req('POST', 'http://x/api/sign-out', { 'transfer-encoding': 'chunked' }))?.status).toBe(411)
    expect(refuseRequest(req('POST', 'http://x/api/sign-out', { 'content-length': 'lots' }))?.status).toBe(400)
    expect(refuseRequest(req('POST', 'http://x/api/sign-out'))).toBeNull()
    expect(refuseRequest(req('GET', 'http://x/api/health'))).toBeNull()
  })
})
