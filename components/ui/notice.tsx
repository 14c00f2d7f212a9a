/** What an action said: a success as a status, a refusal as an alert. */
export type Notice = { ok: boolean; text: string } | null

export function NoticeLine({ notice, className = '' }: Readonly<{ notice: Notice; className?: string }>) {
  if (!notice) return null
  return (
    <p
      role={notice.ok ? 'status' : 'alert'}
      className={`rounded-md px-3 py-2 text-sm ${notice.ok ? 'bg-green-50 text-green-800' : 'bg-red-50 text-red-800'} ${className}`}
    >
      {notice.text}
    </p>
  )
}
