import type { Metadata } from 'next'
import { headers } from 'next/headers'
import type { ReactNode } from 'react'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Incident Command', template: '%s · Incident Command' },
  description: 'Service health, incidents, runbooks and guarded remediation for teams on AWS ECS.',
}

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  // Every page renders per request, so each gets the nonce of its own
  // Content-Security-Policy (proxy.ts); a prerendered page would carry none.
  const nonce = (await headers()).get('x-nonce') ?? undefined
  return (
    <html lang="en">
      <head>
        {/* zod compiles parsers with new Function() unless told not to, which the
            policy (no 'unsafe-eval') refuses: set before any bundle loads zod. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: 'globalThis.__zod_globalConfig={jitless:true}' }} />
      </head>
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  )
}
