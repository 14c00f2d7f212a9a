import { securityHeaders } from './lib/security/headers.js'
import { bodySizeLimit } from './lib/security/input.js'

// Validates the configuration before anything else: a bad variable stops
// `next build` / `next start` with one line naming it.
try {
  await import('./lib/env.js')
} catch (err) {
  if (err?.name !== 'ConfigError') throw err
  console.error(err.message)
  process.exit(1)
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` checks the types once, in its typecheck layer, and builds for the end-to-end
  // layer only after that passed (TYPECHECKED=1); every other build checks them here.
  typescript: { ignoreBuildErrors: process.env.TYPECHECKED === '1' },
  // pg and the wasm schema engine stay plain Node modules.
  serverExternalPackages: ['pino', 'pg', '@prisma/schema-engine-wasm'],
  // Pages get their Content-Security-Policy (with a nonce) from proxy.ts.
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders() }]
  },
  experimental: {
    // Turbopack keeps a build cache in .next/cache that speeds up the next build here; a CI
    // machine builds once from nothing, and writing that cache (~180 MB) would cost it ~15 s.
    turbopackFileSystemCacheForBuild: !process.env.CI,
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
    // The body limit (1 MB): proxy.ts refuses a larger body with 413 before this
    // limit would turn it into an internal error.
    serverActions: { bodySizeLimit },
  },
}

export default nextConfig
