'use client'

import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import type { ActionResult } from '@/lib/actions/result'
import type { Notice } from '@/components/ui/notice'

/**
 * Runs a server action from a page whose data the server renders (the post-mortem
 * and the action item list): on success the page's data reloads (router.refresh);
 * on failure the message shows, with the fields it names.
 */
export function useRefreshAction() {
  const router = useRouter()
  const [pending, startTransition] = useTransition()
  const [notice, setNotice] = useState<Notice>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({})

  function run<T>(call: () => Promise<ActionResult<T>>, success?: string | ((data: T) => string), onOk?: (data: T) => void) {
    startTransition(async () => {
      const result = await call()
      if (result.ok) {
        setFieldErrors({})
        setNotice(success ? { ok: true, text: typeof success === 'function' ? success(result.data) : success } : null)
        onOk?.(result.data)
      } else {
        setFieldErrors(result.fieldErrors ?? {})
        setNotice({ ok: false, text: result.message })
      }
      router.refresh()
    })
  }

  return { run, pending, notice, setNotice, fieldErrors }
}
