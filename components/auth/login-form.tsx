'use client'

import { signIn } from 'next-auth/react'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { useHydrated } from '@/components/ui/use-hydrated'
import { signInErrorMessage } from '@/lib/auth/throttle'

type Props = { callbackUrl: string; initialError: string | null; sso: { name: string; only: boolean } | null }

export function LoginForm({ callbackUrl, initialError, sso }: Readonly<Props>) {
  const router = useRouter()
  const hydrated = useHydrated()
  const [error, setError] = useState<string | null>(initialError)
  const [pending, setPending] = useState(false)
  const [ssoPending, setSsoPending] = useState(false)

  async function onSso() {
    setSsoPending(true)
    setError(null)
    // next-auth sends the browser on to the provider, or back here with ?error= saying why not.
    try {
      await signIn('oidc', { callbackUrl })
    } catch {
      setSsoPending(false)
      setError(signInErrorMessage('OAuthSignin'))
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setPending(true)
    setError(null)
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    })
    if (!result || result.error) {
      setPending(false)
      setError(signInErrorMessage(result?.error ?? 'CredentialsSignin'))
      return
    }
    router.replace(callbackUrl)
    router.refresh()
  }

  return (
    // method=post: a submit before the page's script runs never puts the password in the URL.
    <form onSubmit={onSubmit} method="post" className="mt-5 space-y-4">
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {sso ? (
        <>
          <button
            type="button"
            onClick={() => void onSso()}
            disabled={ssoPending || !hydrated}
            aria-busy={ssoPending}
            className="flex w-full items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 disabled:opacity-70"
          >
            {ssoPending ? (
              <>
                <span aria-hidden className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
                Redirecting to {sso.name}…
              </>
            ) : (
              <>Continue with {sso.name}</>
            )}
          </button>
          <div className="flex items-center gap-3 text-xs text-slate-500">
            <span className="h-px flex-1 bg-slate-200" /> {sso.only ? 'break-glass admin only' : 'or with a password'}{' '}
            <span className="h-px flex-1 bg-slate-200" />
          </div>
        </>
      ) : null}
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
        />
      </div>
      <button
        type="submit"
        disabled={pending || !hydrated}
        className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
