// Which source a sign-in comes from, for throttling (lib/auth/throttle.ts).
//
// The app server (scripts/serve-app.mjs) stamps every request with the address of
// the TCP peer in `x-ic-peer`, replacing any such header the client sent. With no
// proxy in front (AUTH_TRUSTED_PROXIES=0, the default) that peer is the client, and
// X-Forwarded-For is ignored: anyone can write it. Behind N proxies that each append
// the address they saw to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for, AWS
// ALB), the client is the N-th address from the right; whatever lies further left was
// written by the client and is ignored.
import { isIP } from 'node:net'

export const PEER_HEADER = 'x-ic-peer'

type HeaderBag = { get(name: string): string | null } | Record<string, string | string[] | undefined>

function read(headers: HeaderBag | undefined, name: string): string | null {
  if (!headers) return null
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(name: string): string | null }).get(name)
  const value = (headers as Record<string, string | string[] | undefined>)[name]
  return Array.isArray(value) ? value.join(',') : (value ?? null)
}

/** An address as a throttling key: IPv4 as is, IPv6 by its /64 (one host usually holds a whole /64). */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null
  let address = raw.trim().replace(/^\[(.*)\](:\d+)?$/, '$1')
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(address)) address = address.replace(/:\d+$/, '')
  if (address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4) address = address.slice(7)
  const kind = isIP(address)
  if (kind === 4) return address
  if (kind !== 6) return null
  const [head, tail = ''] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

/** The client's address as this deployment can know it, or 'unknown' (no peer header: not served by serve-app). */
export function clientSource(headers: HeaderBag | undefined, trustedProxies: number): string {
  const peer = normalizeAddress(read(headers, PEER_HEADER))
  if (trustedProxies > 0) {
    const chain = (read(headers, 'x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const hop = chain.length >= trustedProxies ? normalizeAddress(chain[chain.length - trustedProxies]) : null
    if (hop) return hop
  }
  return peer ?? 'unknown'
}
