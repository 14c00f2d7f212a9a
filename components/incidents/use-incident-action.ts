'use client'

import { useQueryClient } from '@tanstack/react-query'
import { useState, useTransition } from 'react'
import type { ActionResult } from '@/lib/actions/result'
import type { Notice } from '@/components/ui/notice'
import { incidentKeys } from '@/lib/incidents/query-keys'

/**
 * Runs a server action for one incident: on success the incident and its timeline
 * refresh at once; on failure (a conflict names what changed) the message shows and
 * the current state is fetched.
 */
export function useIncidentAction(incidentId: string) {
  const queryClient = useQueryClient()
  const [pending, startTransition] = useTransition()
  const [notice, setNotice] = useState<Notice>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({})

  function run<T>(call: () => Promise<ActionResult<T>>, success?: string | ((data: T) => string), onOk?: (data: T) => void) {
    startTransition(async () => {
      const result = await call()
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incidentId) }),
        queryClient.invalidateQueries({ queryKey: incidentKeys.timeline(incidentId) }),
        queryClient.invalidateQueries({ queryKey: incidentKeys.drafts(incidentId) }),
      ])
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

  return { run, pending, notice, setNotice, fieldErrors }
}
