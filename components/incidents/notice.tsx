import type { Notice } from './use-incident-action'

export function NoticeLine({ notice }: Readonly<{ notice: Notice }>) {
  if (!notice) return null
  return (
    <p role={notice.ok ? 'status' : 'alert'} className={`rounded-md px-3 py-2 text-sm ${notice.ok ? 'bg-green-50 text-green-800' : 'bg-red-50 text-red-800'}`}>
      {notice.text}
    </p>
  )
}
