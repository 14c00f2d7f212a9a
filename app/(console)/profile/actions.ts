'use server'

import { revalidatePath } from 'next/cache'
import { cookies } from 'next/headers'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/define-action'
import { ssoEnabled, ssoLinkCookie } from '@/lib/auth/options'
import { requestSource } from '@/lib/auth/request-source'
import { getSession } from '@/lib/auth/session'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'
import { createLinkRequest, unlinkIdentity } from '@/lib/sso/mutations'
import { changeOwnPassword } from '@/lib/users/mutations'
import { changePasswordSchema } from '@/lib/users/schemas'

/**
 * The signed-in user's consent to link single sign-on to their account: only from
 * a password session, with the current password, used by the next SSO sign-in in
 * this browser session within ten minutes.
 */
const startLinkSchema = z.object({ password: z.string().min(1, 'Enter your current password').max(200) }).strict()

export const startSsoLinkAction = defineAction({ schema: startLinkSchema, permission: 'console:read' }, async (input, ctx) => {
  if (!ssoEnabled) throw new AppError('NOT_FOUND', 'Single sign-on is not set up here.')
  const session = await getSession()
  if (session?.method !== 'password') {
    throw new AppError('FORBIDDEN', 'Sign in with your password first: linking needs proof that this account is yours.')
  }
  const request = await createLinkRequest(ctx, { password: input.password }, new Date(), await requestSource())
  const jar = await cookies()
  jar.set(ssoLinkCookie.name, request.id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: (env.NEXTAUTH_URL ?? '').startsWith('https:'),
    path: ssoLinkCookie.path,
    maxAge: ssoLinkCookie.maxAgeSeconds,
  })
  return { started: true }
})

/** The signed-in user removes one of their own single sign-on identities. */
export const unlinkMyIdentityAction = defineAction(
  { schema: z.object({ identityId: z.uuid('Unknown identity') }).strict(), permission: 'console:read' },
  async (input, ctx) => {
    const result = await unlinkIdentity(ctx, { userId: ctx.actor.id, identityId: input.identityId }, 'self')
    revalidatePath('/profile')
    return result
  },
)

/** The signed-in user changes their password; every session of theirs, this one too, ends. */
export const changePasswordAction = defineAction({ schema: changePasswordSchema, permission: 'console:read' }, async (input, ctx) => {
  return changeOwnPassword(ctx, input, await requestSource())
})
