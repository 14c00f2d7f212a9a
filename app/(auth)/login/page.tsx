import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { LoginForm } from '@/components/auth/login-form'
import { safeCallbackUrl } from '@/lib/auth/callback-url'
import { ssoEnabled, ssoName } from '@/lib/auth/options'
import { getCurrentUser } from '@/lib/auth/session'
import { signInErrorMessage } from '@/lib/auth/throttle'
import { getSsoSettings } from '@/lib/sso/queries'

export const metadata: Metadata = { title: 'Sign in' }

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> }

export default async function LoginPage({ searchParams }: Readonly<Props>) {
  const params = await searchParams
  const callbackUrl = safeCallbackUrl(params.callbackUrl)
  if (await getCurrentUser()) redirect(callbackUrl)
  const { settings } = await getSsoSettings()
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-900 p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-white">
          <span aria-hidden className="grid h-9 w-9 place-items-center rounded-lg bg-brand-600 text-lg font-bold">
            IC
          </span>
          <span className="text-xl font-semibold tracking-tight">Incident Command</span>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-xl">
          <h1 className="text-lg font-semibold">Sign in</h1>
          <p className="mt-1 text-sm text-slate-600">Service health, incidents and runbooks for your ECS fleet.</p>
          <LoginForm
            callbackUrl={callbackUrl}
            initialError={signInErrorMessage(params.error, settings.groupsClaim)}
            sso={ssoEnabled ? { name: ssoName, only: settings.ssoOnly } : null}
          />
        </div>
      </div>
    </main>
  )
}
