'use client'

export default function ConsoleError({ error, reset }: Readonly<{ error: Error & { digest?: string }; reset: () => void }>) {
  return (
    <section role="status" className="rounded-xl border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-900">This page failed to load</h1>
      <p className="mt-1 text-sm text-red-800">
        The rest of the console still works. Reference: <code>{error.digest ?? 'none'}</code>
      </p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800">
        Try again
      </button>
    </section>
  )
}
