// Limits on what a request may carry, checked before any handler reads it. Plain
// JavaScript so that next.config.js (the server actions' own limit) and proxy.ts
// (the refusal with a clear status) share one number.

/** The largest request body the app accepts: server actions and route handlers alike. */
export const maxBodyBytes = 1024 * 1024
/** The same limit in the form next.config.js takes. */
export const bodySizeLimit = '1mb'

/**
 * Why a request is refused before it reaches a page, an action or a route handler, or
 * null. A body must say its length (browsers always do) and stay within the limit;
 * no part of the address may carry a NUL character, which PostgreSQL refuses in text.
 * @param {{ method: string; url: string; headers: Headers }} request
 * @returns {{ status: number; message: string } | null}
 */
export function refuseRequest(request) {
  if (hasNul(request.url)) return { status: 400, message: 'The address contains a NUL character (%00), which no field accepts.' }
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return null
  const length = request.headers.get('content-length')
  if (length === null) {
    // Without a length, only a request that says it has no body may pass.
    if (request.headers.get('transfer-encoding')) return { status: 411, message: 'Send the length of the request body (Content-Length).' }
    return null
  }
  const bytes = Number(length)
  if (!Number.isSafeInteger(bytes) || bytes < 0) return { status: 400, message: 'The Content-Length header is not a number of bytes.' }
  if (bytes > maxBodyBytes) return { status: 413, message: `The request body is ${bytes} bytes; the limit is ${maxBodyBytes} bytes (1 MB).` }
  return null
}

/** Whether a URL carries a NUL, raw or percent-encoded, in its path or query. */
function hasNul(url) {
  return url.includes('\0') || /%00/i.test(url)
}

/**
 * The path of the first string in a value (object, array, nested) that holds a NUL
 * character, as "a.b.0", or null when there is none.
 * @param {unknown} value
 * @param {string[]} [path]
 * @returns {string | null}
 */
export function nulPath(value, path = []) {
  if (typeof value === 'string') return value.includes('\0') ? path.join('.') || 'form' : null
  if (value === null || typeof value !== 'object') return null
  if (value instanceof Date) return null
  const entries =
    typeof FormData !== 'undefined' && value instanceof FormData
      ? [...value.entries()]
      : value instanceof Map
        ? [...value.entries()]
        : Array.isArray(value)
          ? value.map((v, i) => [String(i), v])
          : Object.entries(value)
  for (const [key, v] of entries) {
    if (typeof key === 'string' && key.includes('\0')) return [...path, key.replace(/\0/g, '')].join('.') || 'form'
    const found = nulPath(v, [...path, String(key)])
    if (found !== null) return found
  }
  return null
}
