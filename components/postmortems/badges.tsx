import { actionItemStatusLabels, postMortemStatusLabels, type ActionItemStatus, type PostMortemStatus } from '@/lib/postmortems/dto'

const postMortemStyle: Record<PostMortemStatus, string> = {
  DRAFT: 'bg-slate-100 text-slate-700 ring-slate-300',
  IN_REVIEW: 'bg-amber-50 text-amber-800 ring-amber-200',
  PUBLISHED: 'bg-green-50 text-green-800 ring-green-200',
}

export function PostMortemStatusBadge({ status }: Readonly<{ status: PostMortemStatus }>) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ${postMortemStyle[status]}`} data-testid="postmortem-status">
      {postMortemStatusLabels[status]}
    </span>
  )
}

const actionItemStyle: Record<ActionItemStatus, string> = {
  OPEN: 'text-slate-700',
  IN_PROGRESS: 'text-blue-700',
  DONE: 'text-green-700',
}

export function ActionItemStatusText({ status }: Readonly<{ status: ActionItemStatus }>) {
  return <span className={`text-xs font-semibold ${actionItemStyle[status]}`}>{actionItemStatusLabels[status]}</span>
}

/** "2025-11-26", or "2025-11-26 · 3 days late" in red when overdue. */
export function DueDate({ dueAt, overdue, now }: Readonly<{ dueAt: string | null; overdue: boolean; now?: string }>) {
  if (!dueAt) return <span className="text-xs text-slate-500">no due date</span>
  const late = overdue && now ? Math.floor((Date.parse(now) - Date.parse(dueAt)) / 86_400_000) : 0
  return (
    <span className={`whitespace-nowrap text-xs tabular-nums ${overdue ? 'font-semibold text-red-700' : 'text-slate-700'}`}>
      {dueAt.slice(0, 10)}
      {overdue ? ` · ${late > 0 ? `${late} day${late === 1 ? '' : 's'} late` : 'overdue'}` : ''}
    </span>
  )
}
