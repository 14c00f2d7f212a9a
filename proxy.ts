import { NextResponse, type NextRequest } from 'next/server'
import { env } from '@/lib/env.js'
import { contentSecurityPolicy, strictTransportSecurity } from '@/lib/security/headers.js'

// Runs before every page:
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

export function proxy(request: NextRequest) {
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
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)',
      // Prefetches are not rendered pages: no nonce needed.
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
}
