// Where to go after sign-in: a path on this site, never another host.
//
// A prefix test on the raw string is not enough: browsers strip tabs and newlines
// from URLs and read a backslash as a slash, so "/\t/evil.example" or "/\\evil.example"
// become "//evil.example", another host. So the value is parsed the way a browser
// parses it, against a placeholder origin, and kept only when it stays on that
// origin; what is returned is the parsed path, not the raw string.
const PLACEHOLDER = 'http://same-site.invalid'

export function safeCallbackUrl(value: unknown, fallback = '/services') {
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback
  let url: URL
  try {
    url = new URL(value, PLACEHOLDER)
  } catch {
    return fallback
  }
  if (url.origin !== PLACEHOLDER) return fallback
  const path = `${url.pathname}${url.search}${url.hash}`
  // Not back to the sign-in page or into the API.
  if (url.pathname === '/login' || url.pathname.startsWith('/login/') || url.pathname.startsWith('/api/')) return fallback
  // The parsed path must itself be a plain same-site path (no "//host" after normalising).
  if (!path.startsWith('/') || path.startsWith('//')) return fallback
  return path
}
