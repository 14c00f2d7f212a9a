// Expected failures carry a code that actions return to the caller; anything else
// is a bug, logged and replaced by a generic message with a reference.
export const errorCodes = ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'INTERNAL'] as const
export type ErrorCode = (typeof errorCodes)[number]

export const defaultMessages: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'Your role does not allow this.',
  VALIDATION: 'Some fields need attention.',
  NOT_FOUND: 'It no longer exists.',
  CONFLICT: 'Someone else changed this first. Reload to see the current state.',
  RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
  INTERNAL: 'Something went wrong on our side.',
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly fieldErrors?: Record<string, string[]>

  constructor(code: ErrorCode, message = defaultMessages[code], fieldErrors?: Record<string, string[]>) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.fieldErrors = fieldErrors
  }
}

/** Prisma's "unique constraint failed" and "record not found", as our errors. */
export function fromDatabaseError(err: unknown, messages: { conflict?: string; notFound?: string } = {}) {
  const code = (err as { code?: unknown })?.code
  if (code === 'P2002') return new AppError('CONFLICT', messages.conflict ?? defaultMessages.CONFLICT)
  if (code === 'P2025') return new AppError('NOT_FOUND', messages.notFound ?? defaultMessages.NOT_FOUND)
  return err
}

/** A validation refusal naming one field. */
export function fieldError(field: string, message: string): never {
  throw new AppError('VALIDATION', message, { [field]: [message] })
}

/** A zod error's issues as field errors, keyed by path ('form' or the given key for the whole input). */
export function zodFieldErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, wholeKey = 'form') {
  const out: Record<string, string[]> = {}
  for (const issue of error.issues) (out[issue.path.map(String).join('.') || wholeKey] ??= []).push(issue.message)
  return out
}

/** The one UUID pattern: ids in URLs and inputs are checked with it before they reach a query. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
