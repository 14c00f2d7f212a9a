// The browser-side defences every response carries. Plain JavaScript so that
// next.config.js (static headers) and proxy.ts (the per-request CSP) share it.

/**
 * The Content-Security-Policy of a page: scripts only with this response's nonce
 * (Next.js puts it on its own scripts) and what they load ('strict-dynamic'); no
 * plugin content; no framing; images, fonts and connections from this origin only,
 * so Markdown cannot load a tracking pixel from elsewhere. Inline style attributes
 * stay allowed (charts set them); inline scripts do not.
 * @param {string} nonce
 * @param {{ dev: boolean }} opts
 */
export function contentSecurityPolicy(nonce, opts) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Headers for every response, pages and API alike (fixed at build time). */
export function securityHeaders() {
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Referrer-Policy', value: 'same-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ]
}

/**
 * HSTS, only when the app's public URL is https: over plain http it is ignored, and
 * on localhost it would pin every other local app to https. Decided at run time, as
 * the URL can change without a new build.
 * @param {string | undefined} publicUrl
 */
export function strictTransportSecurity(publicUrl) {
  return publicUrl?.startsWith('https://') ? 'max-age=31536000; includeSubDomains' : null
}
