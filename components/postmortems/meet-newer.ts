// What the editor does when a newer version of the post-mortem than the one its
// draft is built on turns up (someone else's save or status change, its own status
// move, a CONFLICT answer to a save). Pure, so it is tested without a browser.
import type { PostMortemView } from '@/lib/postmortems/dto'
import { sectionKeys, type SectionKey, type Sections } from '@/lib/postmortems/sections'

export type Draft = { sections: Sections; includedEntryIds: number[] }

/** Text typed here and never saved, kept to show after the post-mortem became read-only. */
export type UnsavedText = {
  sections: Partial<Sections>
  /** The timeline selection had unsaved changes too. */
  includedChanged: boolean
  /** Who published it, and when, in words. */
  who: string
}

export type Meeting =
  /** Load theirs; my unsaved changes (none of them on a section they changed differently) stay in the draft. */
  | { kind: 'load'; base: PostMortemView; draft: Draft; merged: boolean }
  /** We both changed these sections differently: the editor must choose; nothing changes until then. */
  | { kind: 'conflict'; overlapping: SectionKey[] }
  /** It became read-only while I had unsaved text: load theirs, and keep my text to show. */
  | { kind: 'stranded'; base: PostMortemView; draft: Draft; unsaved: UnsavedText }

export const sameIds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id, i) => id === b[i])

/** The sections the draft changed from the version it is built on. */
export const changedSections = (base: PostMortemView, draft: Draft) => sectionKeys.filter((k) => draft.sections[k] !== base.sections[k])

/**
 * Meets `theirs`, a version at least as new as `base`. A status change never drops
 * the draft: while the post-mortem stays editable my changes are rebased onto theirs
 * (or, overlapping theirs, left for the editor to choose); once it is published,
 * whatever I typed that is not in theirs comes back as `unsaved`, to be shown.
 */
export function meetNewer(base: PostMortemView, draft: Draft, theirs: PostMortemView): Meeting {
  const mine = changedSections(base, draft)
  const includedMine = !sameIds(draft.includedEntryIds, base.includedEntryIds)
  if (theirs.status === 'PUBLISHED') {
    const lost = mine.filter((k) => draft.sections[k] !== theirs.sections[k])
    const includedLost = includedMine && !sameIds(draft.includedEntryIds, theirs.includedEntryIds)
    const loaded = { base: theirs, draft: { sections: theirs.sections, includedEntryIds: theirs.includedEntryIds } }
    if (!lost.length && !includedLost) return { kind: 'load', ...loaded, merged: false }
    const by = theirs.publishedBy ? ` by ${theirs.publishedBy.name}` : ''
    const unsaved = { sections: Object.fromEntries(lost.map((k) => [k, draft.sections[k]])), includedChanged: includedLost, who: `published${by}` }
    return { kind: 'stranded', ...loaded, unsaved }
  }
  const overlapping = mine.filter((k) => theirs.sections[k] !== base.sections[k] && theirs.sections[k] !== draft.sections[k])
  if (overlapping.length) return { kind: 'conflict', overlapping }
  return { kind: 'load', base: theirs, draft: rebase(base, draft, theirs, true), merged: mine.length > 0 && changedSections(base, theirs).length > 0 }
}

/** The draft on top of `theirs`: my changes stay where I made them (if `keepMine`), theirs come in everywhere else. */
export function rebase(base: PostMortemView, draft: Draft, theirs: PostMortemView, keepMine: boolean): Draft {
  return {
    sections: Object.fromEntries(
      sectionKeys.map((k) => [k, keepMine && draft.sections[k] !== base.sections[k] ? draft.sections[k] : theirs.sections[k]]),
    ) as Sections,
    includedEntryIds: keepMine && !sameIds(draft.includedEntryIds, base.includedEntryIds) ? draft.includedEntryIds : theirs.includedEntryIds,
  }
}
