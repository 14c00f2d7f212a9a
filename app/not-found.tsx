import Link from 'next/link'

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold">Nothing here</h1>
      <p className="text-slate-600">The page you asked for does not exist, or it has moved.</p>
      <Link href="/services" className="font-medium text-brand-600 hover:underline">
        Back to services
      </Link>
    </main>
  )
}
