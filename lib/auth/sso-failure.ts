import 'server-only'
import { AsyncLocalStorage } from 'node:async_hooks'

/** The reason behind a failed OAuth exchange, noted by next-auth's logger during one request. */
export type SsoFailureNote = { code: string; message: string }

export const ssoFailureStore = new AsyncLocalStorage<{ note: SsoFailureNote | null }>()

export function noteSsoFailure(note: SsoFailureNote) {
  const store = ssoFailureStore.getStore()
  if (store && !store.note) store.note = note
}
