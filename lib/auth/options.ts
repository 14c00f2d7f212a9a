import 'server-only'
import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import { z } from 'zod'
import { env } from '@/lib/env'
import { logger } from '@/lib/logger'
import { findUserForSignIn } from '@/lib/users/queries'
import { joinViaSso, recordFailedSignIn, recordRefusedSignIn, recordSignIn } from '@/lib/users/mutations'
import { emailSchema } from '@/lib/users/schemas'
import { verifyPassword } from './password'
import { isRole } from './permissions'
import { secondsUntil } from './throttle'

const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) })

export const ssoEnabled = Boolean(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET)
export const ssoName = env.AUTH_OIDC_NAME ?? 'single sign-on'

/** Checks a password; refusals throw a code that the sign-in form turns into a message. */
export async function authorizePassword(raw: unknown) {
  const parsed = credentialsSchema.safeParse(raw)
  if (!parsed.success) return null
  const { email, password } = parsed.data
  const user = await findUserForSignIn(email)
  if (!user || !user.passwordHash) {
    await verifyPassword(password, null)
    await recordRefusedSignIn(email, user ? 'no password set (single sign-on account)' : 'unknown email')
    return null
  }
  const locked = secondsUntil(user.lockedUntil)
  if (locked > 0) {
    await recordRefusedSignIn(email, `locked for another ${locked}s`)
    throw new Error(`LOCKED:${locked}`)
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const { lockSeconds } = await recordFailedSignIn(user)
    if (lockSeconds > 0) throw new Error(`LOCKED:${lockSeconds}`)
    return null
  }
  if (user.disabled) {
    await recordRefusedSignIn(email, 'account disabled')
    throw new Error('DISABLED')
  }
  await recordSignIn(user, 'password')
  return { id: user.id, email: user.email, name: user.name, role: user.role }
}

const providers: NextAuthOptions['providers'] = [
  CredentialsProvider({
    id: 'credentials',
    name: 'Email and password',
    credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
    authorize: authorizePassword,
  }),
]

if (ssoEnabled) {
  const issuer = (env.AUTH_OIDC_ISSUER ?? '').replace(/\/$/, '')
  providers.push({
    id: 'oidc',
    name: ssoName,
    type: 'oauth',
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    authorization: { params: { scope: 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state'],
    clientId: env.AUTH_OIDC_CLIENT_ID,
    clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
    profile(profile: { sub: string; email?: string; name?: string; preferred_username?: string }) {
      return { id: profile.sub, email: profile.email ?? '', name: profile.name ?? profile.preferred_username ?? profile.email ?? '' }
    },
  })
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/login', error: '/login' },
  providers,
  callbacks: {
    async signIn({ user, account }) {
      if (account?.provider !== 'oidc') return true
      const email = emailSchema.safeParse(user.email)
      if (!email.success) return false
      const member = await joinViaSso({ email: email.data, name: user.name || email.data })
      if (!member) return false
      user.id = member.id
      user.role = member.role
      return true
    },
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id
        token.role = isRole(user.role) ? user.role : 'VIEWER'
      }
      return token
    },
    async session({ session, token }) {
      // The role shown here is informational; every check re-reads it from the database.
      session.user = {
        id: token.uid ?? '',
        email: token.email ?? '',
        name: token.name ?? '',
        role: token.role ?? 'VIEWER',
      }
      return session
    },
  },
  logger: {
    error: (code, metadata) => logger.error({ code, metadata }, 'next-auth error'),
    warn: (code) => logger.warn({ code }, 'next-auth warning'),
    debug: () => undefined,
  },
}
