import Link from 'next/link'

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-semibold text-critical">403</p>
      <h1 className="text-2xl font-semibold">Not for your role</h1>
      <p className="text-slate-600">Your role does not include this page. If you need it, ask an admin to change your role.</p>
      <Link href="/services" className="font-medium text-brand-600 hover:underline">
        Back to services
      </Link>
    </main>
  )
}
