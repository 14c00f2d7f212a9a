// Signs in to a running app over HTTP the way a browser does (next-auth's CSRF
// token, then the credentials callback) and returns the session cookie.
export async function signInCookie(baseUrl: string, email: string, password: string) {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`)
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string }
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0])
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  })
  const session = res.headers.getSetCookie().find((c) => c.includes('session-token='))
  if (!session) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`)
  return [...jar, session.split(';')[0]].join('; ')
}

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}
