import { NextResponse, type NextRequest } from 'next/server'

// A convenience only: sends visitors without a session cookie to /login before the
// page renders. Every page, route handler and action checks the user itself.
const sessionCookies = ['next-auth.session-token', '__Secure-next-auth.session-token']

export function proxy(request: NextRequest) {
  if (sessionCookies.some((name) => request.cookies.has(name))) return NextResponse.next()
  const url = new URL('/login', request.url)
  url.searchParams.set('callbackUrl', request.nextUrl.pathname + request.nextUrl.search)
  return NextResponse.redirect(url)
}

export const config = {
  matcher: ['/((?!api/|login|_next/|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)'],
}
