'use client'

import { useState, useTransition } from 'react'
import type { ActionResult } from '@/lib/actions/result'
import type { Notice } from '@/components/ui/notice'

/**
 * The one way a component calls a server action: `run(call, success?, onOk?)` keeps the
 * pending state, shows the success text or the refusal (with the fields it names), and
 * then runs `after` whatever the outcome, so the page shows the current state (a
 * conflict included). Wrappers name their `after`: useIncidentAction refreshes the
 * incident's queries, useRefreshAction the server-rendered page. `onOk` carries what only a
 * success does (reset a form, refresh only then); setNotice and setFieldErrors let the
 * component clear or set them outside a call.
 */
export function useAction(after?: () => unknown) {
  const [pending, startTransition] = useTransition()
  const [notice, setNotice] = useState<Notice>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({})

  function run<T>(call: () => Promise<ActionResult<T>>, success?: string | ((data: T) => string), onOk?: (data: T) => void) {
    startTransition(async () => {
      const result = await call()
      await after?.()
      if (result.ok) {
        setFieldErrors({})
        setNotice(success ? { ok: true, text: typeof success === 'function' ? success(result.data) : success } : null)
        onOk?.(result.data)
      } else {
        setFieldErrors(result.fieldErrors ?? {})
        setNotice({ ok: false, text: result.message })
      }
    })
  }

  return { run, pending, notice, setNotice, fieldErrors, setFieldErrors }
}
