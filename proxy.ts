import { NextResponse, type NextRequest } from 'next/server'
import { env } from '@/lib/env.js'
import { contentSecurityPolicy, strictTransportSecurity } from '@/lib/security/headers.js'
import { refuseRequest } from '@/lib/security/input.js'

// Runs before every page and route handler:
//   - refuses, with a clear 4xx, a body without a length or over the limit and an
//     address holding a NUL character (lib/security/input.js), before anything reads them;
//   - gives the response a Content-Security-Policy with a fresh nonce; Next.js reads
//     it from the request and puts it on its own scripts, so no inline script runs
//     without it;
//   - as a convenience, sends visitors without a session cookie to /login before the
//     page renders. Every page, route handler and action checks the user itself.
const sessionCookies = ['next-auth.session-token', '__Secure-next-auth.session-token']
const dev = process.env.NODE_ENV === 'development'

function isSignInPage(pathname: string) {
  return pathname === '/login' || pathname.startsWith('/login/')
}

function isPrefetch(request: NextRequest) {
  return request.headers.has('next-router-prefetch') || request.headers.get('purpose') === 'prefetch'
}

export function proxy(request: NextRequest) {
  const refusal = refuseRequest(request)
  if (refusal) return Response.json({ error: refusal.message }, { status: refusal.status, headers: { 'cache-control': 'no-store' } })
  // Route handlers check the user themselves and answer JSON, and prefetches are not
  // rendered pages (no nonce needed): nothing more to do for either.
  if (request.nextUrl.pathname.startsWith('/api/') || isPrefetch(request)) return NextResponse.next()

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
  const policy = contentSecurityPolicy(nonce, { dev })
  const signedIn = sessionCookies.some((name) => request.cookies.has(name))

  let response: NextResponse
  if (signedIn || isSignInPage(request.nextUrl.pathname)) {
    const headers = new Headers(request.headers)
    headers.set('x-nonce', nonce)
    headers.set('Content-Security-Policy', policy)
    response = NextResponse.next({ request: { headers } })
  } else {
    const url = new URL('/login', request.url)
    url.searchParams.set('callbackUrl', request.nextUrl.pathname + request.nextUrl.search)
    response = NextResponse.redirect(url)
  }
  response.headers.set('Content-Security-Policy', policy)
  const hsts = strictTransportSecurity(env.NEXTAUTH_URL)
  if (hsts) response.headers.set('Strict-Transport-Security', hsts)
  return response
}

export const config = {
  matcher: [
    // Route handlers: only the input checks above (cheap: headers and the address).
    '/api/:path*',
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)',
      // Prefetches are not rendered pages: no nonce needed.
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
    // A prefetch gets the input checks too (a NUL in its address is still a 400).
    { source: '/((?!_next/static|_next/image).*)', has: [{ type: 'header', key: 'next-router-prefetch' }] },
    { source: '/((?!_next/static|_next/image).*)', has: [{ type: 'header', key: 'purpose', value: 'prefetch' }] },
    // A request with a body is checked even when it calls itself a prefetch.
    { source: '/((?!_next/static|_next/image).*)', has: [{ type: 'header', key: 'content-length' }] },
    { source: '/((?!_next/static|_next/image).*)', has: [{ type: 'header', key: 'transfer-encoding' }] },
  ],
}
