'use client'

import { useQueryClient } from '@tanstack/react-query'
import { useRouter } from 'next/navigation'
import { useCallback, useEffect, useRef, useState } from 'react'
import { changePostMortemStatusAction, savePostMortemAction } from '@/app/(console)/incidents/[incidentId]/postmortem/actions'
import { NoticeLine } from '@/components/ui/notice'
import type { TimelineEntryDto } from '@/lib/incidents/dto'
import { formatUtc } from '@/lib/incidents/clocks'
import { postMortemStatusLabels, type PostMortemFacts, type PostMortemStatus, type PostMortemView } from '@/lib/postmortems/dto'
import { AUTOSAVE_DELAY_MS, POSTMORTEM_POLL_MS, postMortemQuery } from '@/lib/postmortems/query-keys'
import { getJson } from '@/lib/query-client'
import { sectionGuides, sectionKeys, type SectionKey, type Sections } from '@/lib/postmortems/sections'
import { PostMortemStatusBadge } from './badges'
import { MarkdownView } from './markdown'
import { changedSections, meetNewer, rebase as rebaseDraft, sameIds, type Draft, type UnsavedText } from './meet-newer'
import { SectionEditor } from './section-editor'
import { UnsavedTextNotice } from './unsaved-text'
import { TimelinePicker } from './timeline-picker'
import { useRefreshAction } from './use-refresh-action'

type Conflict = {
  message: string
  theirs: PostMortemView
  /** Sections both sides changed, differently: the editor must choose. */
  overlapping: SectionKey[]
}

type SaveState = { state: 'idle' | 'saving' | 'saved' | 'error'; at?: string; message?: string }

type Props = {
  initial: PostMortemView
  facts: PostMortemFacts
  timeline: TimelineEntryDto[]
  canWrite: boolean
  canPublish: boolean
  userName: string
}

/**
 * The post-mortem editor. Autosaves a moment after typing stops, sending only the
 * changed sections with the version it built on. Someone else's save shows up
 * within seconds (polling): with nothing unsaved here it is simply loaded; with
 * unsaved text on the same sections, autosave stops and the editor chooses, seeing
 * the other text. A save the server refuses as stale does the same.
 */
export function PostMortemEditor({ initial, facts, timeline, canWrite, canPublish, userName }: Readonly<Props>) {
  const router = useRouter()
  const [base, setBase] = useState<PostMortemView>(initial)
  const [draft, setDraft] = useState<Draft>({ sections: initial.sections, includedEntryIds: initial.includedEntryIds })
  const [save, setSave] = useState<SaveState>({ state: 'idle' })
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const [stranded, setStranded] = useState<UnsavedText | null>(null)
  const { run, pending, notice, setNotice, fieldErrors } = useRefreshAction()
  const saving = useRef(false)
  const readOnly = base.status === 'PUBLISHED' || !canWrite

  const changed = changedSections(base, draft)
  const includedChanged = !sameIds(draft.includedEntryIds, base.includedEntryIds)
  const dirty = changed.length > 0 || includedChanged

  // The latest base and draft, for handlers that run after an await or from a poll:
  // a stale draft would drop what was typed meanwhile.
  const latest = useRef({ base, draft })
  useEffect(() => {
    latest.current = { base, draft }
  })

  /** Rebases the draft on `theirs`: my changes stay where I made them (if `keepMine`), theirs come in everywhere else. */
  const rebase = useCallback((theirs: PostMortemView, keepMine: boolean) => {
    const next = { base: theirs, draft: rebaseDraft(latest.current.base, latest.current.draft, theirs, keepMine) }
    latest.current = next
    setDraft(next.draft)
    setBase(theirs)
  }, [])

  /**
   * What to do about a newer version than ours: load it, merge it, ask, or (it was
   * published meanwhile) load it and show what was typed here and never saved. A
   * status change no longer re-mounts the editor, so nothing typed is dropped.
   */
  const applyNewer = useCallback(
    (theirs: PostMortemView, message?: string) => {
      const { base: ours, draft: mine } = latest.current
      const met = meetNewer(ours, mine, theirs)
      const who = theirs.lastSavedBy ? `${theirs.lastSavedBy.name} saved at ${formatUtc(theirs.lastSavedBy.at)}` : 'Someone saved'
      if (theirs.status !== ours.status) router.refresh()
      if (met.kind === 'conflict') {
        setConflict({ theirs, overlapping: met.overlapping, message: message ?? `${who} while you were editing. Your text is not saved yet.` })
        return
      }
      latest.current = { base: met.base, draft: met.draft }
      setBase(met.base)
      setDraft(met.draft)
      setConflict(null)
      if (met.kind === 'stranded') {
        setNotice(null)
        setStranded(met.unsaved)
      } else if (met.merged) {
        setNotice({ ok: true, text: `${who} while you were editing other sections; their changes are merged with yours.` })
      } else if (theirs.status !== ours.status && changedSections(met.base, met.draft).length) {
        setNotice({
          ok: true,
          text: `The post-mortem is now ${postMortemStatusLabels[theirs.status].toLowerCase()}; your unsaved text is kept and will be saved.`,
        })
      }
    },
    [router, setNotice],
  )

  const flush = useCallback(async () => {
    if (saving.current || conflict || readOnly) return
    const keys = changedSections(base, draft)
    const sendIncluded = !sameIds(draft.includedEntryIds, base.includedEntryIds)
    if (!keys.length && !sendIncluded) return
    saving.current = true
    setSave({ state: 'saving' })
    const sections = Object.fromEntries(keys.map((k) => [k, draft.sections[k]])) as Partial<Sections>
    const included = sendIncluded ? draft.includedEntryIds : undefined
    const result = await savePostMortemAction({ postMortemId: base.id, expectedVersion: base.version, sections, includedEntryIds: included })
    saving.current = false
    if (result.ok) {
      setBase((b) => ({
        ...b,
        version: result.data.version,
        sections: { ...b.sections, ...sections },
        includedEntryIds: included ?? b.includedEntryIds,
        lastSavedBy: { name: userName, at: result.data.savedAt },
      }))
      setSave({ state: 'saved', at: result.data.savedAt })
    } else if (result.code === 'CONFLICT') {
      setSave({ state: 'idle' })
      const theirs = await getJson<PostMortemView>(`/api/postmortems/${base.id}`).catch(() => null)
      if (theirs) applyNewer(theirs, result.message)
      else setSave({ state: 'error', message: result.message })
    } else {
      setSave({ state: 'error', message: result.message })
    }
  }, [base, conflict, draft, applyNewer, readOnly, userName])

  useEffect(() => {
    if (!dirty || conflict || readOnly) return
    const timer = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS)
    return () => clearTimeout(timer)
  }, [dirty, conflict, readOnly, flush])

  // Someone else's saves: polled through the query cache; a newer version is met
  // in the poll's callback (the latest handlers are read through a ref).
  const queryClient = useQueryClient()
  const onPoll = useRef<(latest: PostMortemView) => void>(() => undefined)
  useEffect(() => {
    onPoll.current = (latest) => {
      if (saving.current || conflict || latest.version <= base.version) return
      applyNewer(latest)
    }
  })
  // The page's own data after a router.refresh (a status change, an action item):
  // met like a poll, never by re-mounting (that dropped unsaved text).
  useEffect(() => {
    const { base: ours } = latest.current
    if (initial === ours || saving.current) return
    if (initial.version > ours.version) applyNewer(initial)
    else if (initial.version === ours.version) setBase((b) => ({ ...initial, sections: b.sections, includedEntryIds: b.includedEntryIds }))
  }, [initial, applyNewer])
  useEffect(() => {
    if (readOnly) return
    const timer = setInterval(() => {
      if (document.hidden || saving.current) return
      queryClient
        .fetchQuery({ ...postMortemQuery(base.id), staleTime: 0 })
        .then((latest) => onPoll.current(latest))
        .catch(() => undefined)
    }, POSTMORTEM_POLL_MS)
    return () => clearInterval(timer)
  }, [queryClient, base.id, readOnly])

  function setSection(key: SectionKey, value: string) {
    setDraft((d) => ({ ...d, sections: { ...d.sections, [key]: value } }))
  }

  function move(status: PostMortemStatus, success: string) {
    run(
      () => changePostMortemStatusAction({ postMortemId: base.id, expectedVersion: base.version, status }),
      success,
      // Text typed while the move ran stays (or, once published, is shown as unsaved).
      (moved) => applyNewer({ ...latest.current.base, status: moved.status, version: moved.version }),
    )
  }
  // The header has no fields: a refusal names their problems after its message.
  const shown = notice && !notice.ok ? { ok: false, text: [...new Set([notice.text, ...Object.values(fieldErrors).flat()])].join(' ') } : notice

  const busy = pending || dirty || save.state === 'saving' || conflict != null
  const btn = 'rounded-md px-3 py-1.5 text-sm font-medium ring-1 disabled:opacity-50'

  return (
    <div className="space-y-5">
      <header className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="flex flex-wrap items-center gap-2">
          <PostMortemStatusBadge status={base.status} />
          {base.dueAt && base.status !== 'PUBLISHED' ? (
            <span className={`text-xs ${base.overdue ? 'font-semibold text-red-700' : 'text-slate-600'}`} data-testid="postmortem-due">
              {base.overdue ? 'Overdue: was due' : 'Due'} {formatUtc(base.dueAt)}
            </span>
          ) : null}
          {base.status === 'PUBLISHED' && base.publishedAt ? (
            <span className="text-xs text-slate-600">
              Published {formatUtc(base.publishedAt)}
              {base.publishedBy ? ` by ${base.publishedBy.name}` : ''} · read-only
            </span>
          ) : null}
          <span className="ml-auto text-xs text-slate-500" data-testid="save-state" data-state={conflict ? 'conflict' : dirty ? 'dirty' : save.state}>
            {readOnly
              ? base.author
                ? `Started by ${base.author.name}`
                : ''
              : conflict
                ? 'Autosave paused: resolve the conflict'
                : save.state === 'saving'
                  ? 'Saving…'
                  : dirty
                    ? 'Unsaved changes'
                    : save.state === 'error'
                      ? `Not saved: ${save.message}`
                      : save.state === 'saved'
                        ? `Saved ${save.at?.slice(11, 19)} UTC`
                        : base.lastSavedBy
                          ? `Last saved by ${base.lastSavedBy.name}, ${formatUtc(base.lastSavedBy.at)}`
                          : 'All changes saved'}
          </span>
        </div>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">
          Post-mortem: <span className="font-mono text-xl text-slate-500">{facts.incident.ref}</span> {facts.incident.title}
        </h1>
        <div className="mt-4 flex flex-wrap gap-2 border-t border-slate-100 pt-4">
          {canWrite && base.status === 'DRAFT' ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => move('IN_REVIEW', 'Submitted for review.')}
              className={`${btn} bg-slate-900 text-white ring-slate-900`}
            >
              Submit for review
            </button>
          ) : null}
          {canWrite && base.status === 'IN_REVIEW' ? (
            <>
              {canPublish ? (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => move('PUBLISHED', 'Published. The post-mortem is now read-only.')}
                  className={`${btn} bg-green-700 text-white ring-green-800 hover:bg-green-800`}
                >
                  Publish
                </button>
              ) : (
                <span className="self-center text-xs text-slate-500">An incident commander or an admin publishes it.</span>
              )}
              <button
                type="button"
                disabled={busy}
                onClick={() => move('DRAFT', 'Back to draft.')}
                className={`${btn} bg-white text-slate-800 ring-slate-300 hover:bg-slate-50`}
              >
                Back to draft
              </button>
            </>
          ) : null}
          <a href={`/api/postmortems/${base.id}/export`} download className={`${btn} ml-auto bg-white text-slate-800 ring-slate-300 hover:bg-slate-50`}>
            Export Markdown
          </a>
        </div>
        {shown ? (
          <div className="mt-3">
            <NoticeLine notice={shown} />
          </div>
        ) : null}
      </header>

      {stranded ? <UnsavedTextNotice unsaved={stranded} onDismiss={() => setStranded(null)} /> : null}

      {conflict ? (
        <section role="alert" className="rounded-xl border-2 border-amber-400 bg-amber-50 p-4 text-sm text-amber-950" data-testid="conflict">
          <h2 className="font-semibold">Someone else changed this post-mortem</h2>
          <p className="mt-1">{conflict.message}</p>
          <p className="mt-1">
            Both of you changed {conflict.overlapping.map((k) => sectionGuides[k].title).join(', ')}. Their current text is below; choose which to keep.
            Sections only one of you changed are kept either way.
          </p>
          {conflict.overlapping.map((k) => (
            <div key={k} className="mt-3">
              <h3 className="text-xs font-semibold uppercase tracking-wide">{sectionGuides[k].title}: current text</h3>
              <pre
                className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap rounded-md border border-amber-200 bg-white p-2 font-mono text-xs text-slate-800"
                data-testid={`theirs-${k}`}
              >
                {conflict.theirs.sections[k] || '(empty)'}
              </pre>
            </div>
          ))}
          <div className="mt-3 flex flex-wrap gap-2">
            <button
              type="button"
              onClick={() => {
                rebase(conflict.theirs, false)
                setConflict(null)
              }}
              className={`${btn} bg-white text-slate-900 ring-amber-400`}
            >
              Use their text
            </button>
            <button
              type="button"
              onClick={() => {
                rebase(conflict.theirs, true)
                setConflict(null)
              }}
              className={`${btn} bg-amber-600 text-white ring-amber-700`}
            >
              Keep my text (replaces theirs)
            </button>
          </div>
        </section>
      ) : null}

      <div className="space-y-4">
        {sectionKeys.map((k) =>
          readOnly ? (
            <section key={k} className="rounded-xl border border-slate-200 bg-white shadow-sm" data-section={k}>
              <h2 className="border-b border-slate-100 px-4 py-2.5 text-sm font-semibold">{sectionGuides[k].title}</h2>
              <div className="p-4">
                <MarkdownView text={base.sections[k]} empty="Not written." />
              </div>
            </section>
          ) : (
            <SectionEditor key={k} section={k} value={draft.sections[k]} onChange={(v) => setSection(k, v)} highlight={conflict?.overlapping.includes(k)} />
          ),
        )}
      </div>
      <TimelinePicker
        entries={timeline}
        included={readOnly ? base.includedEntryIds : draft.includedEntryIds}
        onChange={(ids) => setDraft((d) => ({ ...d, includedEntryIds: ids }))}
        readOnly={readOnly}
      />
    </div>
  )
}
