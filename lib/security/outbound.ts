import 'server-only'
// Calls the app makes to addresses people typed in (status webhooks). They must not
// become a way to reach what only the server can reach: loopback, link-local (cloud
// metadata at 169.254.169.254), private and other non-public addresses are refused
// unless the operator names the host in WEBHOOK_ALLOW_HOSTS, and https is required
// outside that list. The check runs when the URL is saved and again at every send,
// inside the connection's own DNS lookup, so a name that later resolves elsewhere
// (DNS rebinding) is refused on the address actually used. Answers are reduced to
// their status code: a body is never read, so it can never be echoed.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { request as httpRequest, type RequestOptions } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { env } from '@/lib/env.js'

/** Addresses that are not on the public internet (IANA special-purpose registries). */
const nonPublic = new BlockList()
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  nonPublic.addSubnet(net, bits, 'ipv4')
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 (checked again as IPv4 below)
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  nonPublic.addSubnet(net, bits, 'ipv6')

/** The IPv4 address inside an IPv4-mapped, -compatible or NAT64 IPv6 address, if any. */
function embeddedIpv4(ip: string): string | null {
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (dotted) return dotted[1]
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip)
  if (!hex) return null
  const [a, b] = [parseInt(hex[1], 16), parseInt(hex[2], 16)]
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`
}

/** Whether an IP address is on the public internet. */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip)
  if (family === 0) return false
  if (family === 6) {
    const v4 = embeddedIpv4(ip)
    if (v4) return isPublicAddress(v4)
    return !nonPublic.check(ip, 'ipv6')
  }
  return !nonPublic.check(ip, 'ipv4')
}

/** The URL's host as written ("[::1]" without brackets), and its port. */
function hostAndPort(url: URL) {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return { host, port }
}

/** Whether the operator's allow-list names this URL's host (any port) or host:port. */
export function allowListed(url: URL, allow: readonly string[] = env.WEBHOOK_ALLOW_HOSTS ?? []): boolean {
  const { host, port } = hostAndPort(url)
  return allow.some((entry) => {
    const e = entry.toLowerCase()
    const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(e)
    if (bracketed) return bracketed[1] === host && (!bracketed[2] || bracketed[2] === port)
    if (isIP(e) === 6) return e === host
    const at = e.lastIndexOf(':')
    return at > 0 ? e.slice(0, at) === host && e.slice(at + 1) === port : e === host
  })
}

export type DestinationCheck = { ok: true; allowListed: boolean } | { ok: false; reason: string }

const resolveAll = (host: string) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  )

/**
 * Whether the app may send to this URL now: https to a name whose every address is
 * public, or anything the allow-list names. Resolves the name (an outside call: never
 * inside a database transaction).
 */
export async function checkDestination(raw: string, allow?: readonly string[]): Promise<DestinationCheck> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'not a URL' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'only https:// URLs are allowed' }
  if (url.username || url.password) return { ok: false, reason: 'a URL with a user name or password is not allowed' }
  if (allowListed(url, allow)) return { ok: true, allowListed: true }
  if (url.protocol !== 'https:') return { ok: false, reason: 'use https:// (plain http only to a host named in WEBHOOK_ALLOW_HOSTS)' }
  const { host } = hostAndPort(url)
  if (isIP(host)) return isPublicAddress(host) ? { ok: true, allowListed: false } : { ok: false, reason: refusal(host) }
  let addresses: LookupAddress[]
  try {
    addresses = await resolveAll(host)
  } catch {
    return { ok: false, reason: 'host not found' }
  }
  const blocked = addresses.find((a) => !isPublicAddress(a.address))
  if (blocked) return { ok: false, reason: refusal(blocked.address) }
  return addresses.length ? { ok: true, allowListed: false } : { ok: false, reason: 'host not found' }
}

const refusal = (ip: string) => `${ip} is a private, loopback or link-local address (allow it with WEBHOOK_ALLOW_HOSTS)`

/** Thrown by the connection's lookup when a name resolves to a refused address. */
class RefusedAddress extends Error {
  constructor(readonly address: string) {
    super(refusal(address))
    this.name = 'RefusedAddress'
  }
}

/** A DNS lookup for the connection itself that refuses any non-public address it would use. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 4)
    const blocked = addresses.find((a) => !isPublicAddress(a.address))
    if (blocked) return callback(new RefusedAddress(blocked.address), '', 4)
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
    callback(null, addresses[0].address, addresses[0].family)
  })
}

export type PostOutcome = { ok: true; status: number } | { ok: false; status?: number; error: string }

/**
 * POSTs JSON and reports only the status code. Redirects are not followed (a 3xx is a
 * failure), the answer's body is discarded unread, and the destination is checked
 * again on the address the connection uses.
 */
export async function postJson(raw: string, body: unknown, opts: { timeoutMs: number; allow?: readonly string[] }): Promise<PostOutcome> {
  const check = await checkDestination(raw, opts.allow)
  if (!check.ok) return { ok: false, error: `refused: ${check.reason}` }
  const url = new URL(raw)
  const payload = Buffer.from(JSON.stringify(body))
  const options: RequestOptions = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(payload.length) },
    timeout: opts.timeoutMs,
    signal: AbortSignal.timeout(opts.timeoutMs),
    // An allow-listed host is the operator's choice; every other name is checked again here.
    ...(check.allowListed ? {} : { lookup: publicOnlyLookup }),
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<PostOutcome>((resolve) => {
    const req = send(url, options, (res) => {
      res.resume() // never read: the answer's content is not ours to show
      const status = res.statusCode ?? 0
      resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `the webhook answered HTTP ${status}` })
    })
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })))
    req.on('error', (err) => resolve({ ok: false, error: describeSendError(err, opts.timeoutMs) }))
    req.end(payload)
  })
}

function describeSendError(err: unknown, timeoutMs: number): string {
  if (err instanceof RefusedAddress) return `refused: ${err.message}`
  const e = err as { name?: string; code?: string; message?: string; cause?: { name?: string } }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`
  if (e?.code === 'ECONNREFUSED') return 'connection refused'
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return 'host not found'
  if (e?.code === 'ECONNRESET') return 'connection reset'
  if (e?.code) return `network error (${e.code})`
  return 'network error'
}

export type GetOutcome = { ok: true; status: number; body: string } | { ok: false; status?: number; error: string }

/**
 * GETs a URL the app was handed (an SNS SubscribeURL or SigningCertURL) under the same
 * checks as postJson. The body is read only up to maxBytes (the caller decides whether it
 * may be kept: a certificate is, a confirmation answer is not); redirects are failures.
 */
export async function getUrl(raw: string, opts: { timeoutMs: number; maxBytes: number; allow?: readonly string[] }): Promise<GetOutcome> {
  const check = await checkDestination(raw, opts.allow)
  if (!check.ok) return { ok: false, error: `refused: ${check.reason}` }
  const url = new URL(raw)
  const options: RequestOptions = {
    method: 'GET',
    timeout: opts.timeoutMs,
    signal: AbortSignal.timeout(opts.timeoutMs),
    ...(check.allowListed ? {} : { lookup: publicOnlyLookup }),
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<GetOutcome>((resolve) => {
    const req = send(url, options, (res) => {
      const status = res.statusCode ?? 0
      if (status < 200 || status >= 300) {
        res.resume()
        return resolve({ ok: false, status, error: `the server answered HTTP ${status}` })
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > opts.maxBytes) {
          req.destroy()
          return resolve({ ok: false, status, error: `the answer is larger than ${opts.maxBytes} bytes` })
        }
        chunks.push(chunk)
      })
      res.on('end', () => resolve({ ok: true, status, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', (err) => resolve({ ok: false, error: describeSendError(err, opts.timeoutMs) }))
    })
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })))
    req.on('error', (err) => resolve({ ok: false, error: describeSendError(err, opts.timeoutMs) }))
    req.end()
  })
}
