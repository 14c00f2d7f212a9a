import 'server-only'
import type { NextAuthOptions, User } from 'next-auth'
import { getToken } from 'next-auth/jwt'
import { decodeSessionToken, encodeSessionToken } from './session-token'
import { cookies, headers } from 'next/headers'
import type { TokenSet } from 'openid-client'
import CredentialsProvider from 'next-auth/providers/credentials'
import { z } from 'zod'
import { env } from '@/lib/env'
import { logger } from '@/lib/logger'
import { messageOf } from '@/lib/sso/errors'
import { dropLinkRequests, recordSsoRefusal, signInViaSso, type LinkSession } from '@/lib/sso/mutations'
import { checkAccess, claimsFromProfile, mergeClaims, refusalCode, type SsoClaims, type SsoRefusal } from '@/lib/sso/policy'
import { getSsoSettings } from '@/lib/sso/queries'
import { MAX_SESSION_MINUTES } from '@/lib/sso/settings'
import { findUserForSignIn, sessionVersionOf } from '@/lib/users/queries'
import { endSessions, recordFailedSignIn, recordRefusedSignIn, recordSignIn } from '@/lib/users/mutations'
import { emailSchema } from '@/lib/users/schemas'
import { hashPassword, needsRehash, verifyPassword } from './password'
import { isRole } from './permissions'
import { passwordAllowed } from './session-lifetime'
import { noteSsoFailure } from './sso-failure'
import { clientSource } from './client-source'
import { publicSignInCode } from './throttle'
import { releaseAttempt, takeAttempt } from '@/lib/sign-in/mutations'

const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) })

export const ssoEnabled = Boolean(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET)
export const ssoName = env.AUTH_OIDC_NAME ?? 'single sign-on'

/**
 * Checks a password from `source` (lib/auth/client-source.ts). Refusals throw one of
 * the fixed codes that the sign-in form explains (see publicSignInCode); any other
 * failure reaches the browser as UNAVAILABLE, never as its message.
 */
export async function authorizePassword(raw: unknown, source = 'unknown', now = new Date()) {
  const parsed = credentialsSchema.safeParse(raw)
  if (!parsed.success) return null
  const { email, password } = parsed.data
  // First the throttle: a refused attempt costs one statement, no hash and no audit row.
  const turn = await takeAttempt(email, source, now)
  if (!turn.ok) throw new Error(`${turn.code}:${turn.seconds}`)
  const lockedNow = () => {
    if (turn.accountLockSeconds > 0) throw new Error(`LOCKED:${turn.accountLockSeconds}`)
    if (turn.sourceLockSeconds > 0) throw new Error(`THROTTLED:${turn.sourceLockSeconds}`)
  }
  const { settings } = await getSsoSettings()
  if (settings.ssoOnly && email !== settings.breakGlassEmail) {
    await recordRefusedSignIn(email, 'password sign-in is off (single sign-on only)', source)
    throw new Error('SSO_ONLY')
  }
  const user = await findUserForSignIn(email)
  if (!passwordAllowed(settings, user)) {
    await recordRefusedSignIn(email, 'password sign-in is off (single sign-on only; the break-glass account is not an active admin)', source)
    throw new Error('SSO_ONLY')
  }
  if (!user || !user.passwordHash) {
    // Unknown emails take as long, and lock alike, so as not to reveal which exist.
    await verifyPassword(password, null)
    await recordRefusedSignIn(email, user ? 'no password set (single sign-on account)' : 'unknown email', source)
    lockedNow()
    return null
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    await recordFailedSignIn(user, { source, lockSeconds: turn.accountLockSeconds })
    lockedNow()
    return null
  }
  if (user.disabled) {
    await recordRefusedSignIn(email, 'account disabled', source)
    throw new Error('DISABLED')
  }
  await releaseAttempt(email, source)
  // An old (bcrypt) hash is replaced now, while we know the password.
  const newHash = needsRehash(user.passwordHash) ? await hashPassword(password) : undefined
  await recordSignIn(user, 'password', newHash)
  return { id: user.id, email: user.email, name: user.name, role: user.role }
}

const providers: NextAuthOptions['providers'] = [
  CredentialsProvider({
    id: 'credentials',
    name: 'Email and password',
    credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
    async authorize(credentials, req) {
      try {
        return await authorizePassword(credentials, clientSource(req?.headers, env.AUTH_TRUSTED_PROXIES ?? 0))
      } catch (err) {
        const code = publicSignInCode(err)
        if (code === 'UNAVAILABLE') logger.error({ err }, 'password sign-in failed')
        throw new Error(code)
      }
    },
  }),
]

export const ssoIssuer = (env.AUTH_OIDC_ISSUER ?? '').replace(/\/$/, '')

type Claims = Record<string, unknown>

if (ssoEnabled) {
  providers.push({
    id: 'oidc',
    name: ssoName,
    type: 'oauth',
    wellKnown: `${ssoIssuer}/.well-known/openid-configuration`,
    authorization: { params: { scope: env.AUTH_OIDC_SCOPES ?? 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    clientId: env.AUTH_OIDC_CLIENT_ID,
    clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
    httpOptions: { timeout: env.AUTH_OIDC_TIMEOUT_MS ?? 5000 },
    // The ID token's claims, completed from the user-info endpoint: a provider may
    // (as the spec allows) put email, name or groups only there (see mergeClaims).
    userinfo: {
      async request({ tokens, client }) {
        // next-auth passes openid-client's TokenSet here.
        const tokenSet = tokens as unknown as TokenSet
        const idClaims = tokenSet.claims() as Claims
        let info: Claims = {}
        if (client.issuer.metadata.userinfo_endpoint && tokenSet.access_token) info = (await client.userinfo(tokenSet)) as Claims
        return mergeClaims(idClaims, info)
      },
    },
    profile(profile: Claims) {
      const email = typeof profile.email === 'string' ? profile.email : null
      const name = typeof profile.name === 'string' ? profile.name : null
      return { id: String(profile.sub ?? ''), email, name: name ?? email ?? String(profile.sub ?? '') }
    },
  })
}

const LINK_COOKIE = 'ic-sso-link'
export const ssoLinkCookie = { name: LINK_COOKIE, path: '/api/auth', maxAgeSeconds: 10 * 60 }
const secureCookies = (env.NEXTAUTH_URL ?? '').startsWith('https:')

/** The app session this browser still holds (its cookie, as sent with the provider's callback), or null. */
async function currentSession(): Promise<LinkSession | null> {
  const token = await getToken({
    req: { cookies: await cookies(), headers: await headers() } as unknown as Parameters<typeof getToken>[0]['req'],
    secret: env.NEXTAUTH_SECRET,
    secureCookie: secureCookies,
    decode: decodeSessionToken,
  })
  if (!token?.uid || !token.method || typeof token.signedInAt !== 'number') return null
  return { uid: token.uid, method: token.method, signedInAt: token.signedInAt }
}

/** The decision for one SSO sign-in: true, or the login page URL that explains the refusal. */
async function admitSso(user: User, profile: Claims): Promise<true | string> {
  const { settings } = await getSsoSettings()
  const jar = await cookies()
  const linkRequestId = jar.get(LINK_COOKIE)?.value ?? null
  if (linkRequestId) jar.delete({ name: LINK_COOKIE, path: ssoLinkCookie.path })
  const back = linkRequestId ? '/profile' : '/login'
  const refuse = async (refusal: SsoRefusal, claimed: SsoClaims | null) => {
    const code = refusalCode(refusal)
    const email = claimed?.email ?? null
    const subject = claimed?.subject ?? null
    logger.warn({ code, email, emailVerified: claimed?.emailVerified ?? false, subject }, 'single sign-on refused')
    await recordSsoRefusal(claimed, code, { subject })
    return `${back}?error=${encodeURIComponent(code)}`
  }
  const read = claimsFromProfile(profile, settings.groupsClaim)
  if (!read.ok) return refuse(read.refusal, null)
  const { claims } = read
  const access = checkAccess(claims, settings)
  if (!access.ok) return refuse(access.refusal, claims)
  const validLink = linkRequestId && /^[0-9a-f-]{36}$/i.test(linkRequestId) ? linkRequestId : null
  if (linkRequestId && !validLink) return refuse({ code: 'SSO_LINK_EXPIRED' }, claims)
  const link = validLink ? { requestId: validLink, session: await currentSession() } : null
  const result = await signInViaSso(claims, access.role, settings, link)
  if (!result.ok) return refuse(result.refusal, claims)
  user.id = result.user.id
  user.email = result.user.email
  user.name = result.user.name
  user.role = result.user.role
  return true
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  // The cookie's hard limit; admins shorten it on /admin/sso (checked on every request in lib/auth/session.ts).
  session: { strategy: 'jwt', maxAge: MAX_SESSION_MINUTES * 60 },
  jwt: { encode: encodeSessionToken, decode: decodeSessionToken },
  pages: { signIn: '/login', error: '/login' },
  providers,
  callbacks: {
    async signIn({ user, account, profile }) {
      if (account?.provider !== 'oidc') return true
      try {
        return await admitSso(user, (profile ?? {}) as Claims)
      } catch (err) {
        // Never let a database message reach the redirect URL.
        logger.error({ err }, 'single sign-on failed')
        return '/login?error=SSO_FAILED'
      }
    },
    async jwt({ token, user, account }) {
      if (user) {
        token.sv = await sessionVersionOf(user.id)
        token.uid = user.id
        token.role = isRole(user.role) ? user.role : 'VIEWER'
        token.email = user.email
        token.name = user.name
        token.method = account?.provider === 'oidc' ? 'sso' : 'password'
        token.signedInAt = Date.now()
        token.idToken = account?.provider === 'oidc' ? account.id_token : undefined
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
      session.method = token.method ?? 'password'
      session.signedInAt = token.signedInAt ?? 0
      session.sessionVersion = token.sv ?? -1
      return session
    },
  },
  events: {
    // A pending link request belongs to the session that made it: it ends with it.
    // Signing out ends this user's sessions everywhere (the cookie alone would live on).
    async signOut({ token }) {
      if (token?.uid) await Promise.all([dropLinkRequests(token.uid), endSessions(token.uid, token.sv)])
      ;(await cookies()).delete({ name: LINK_COOKIE, path: ssoLinkCookie.path })
    },
  },
  logger: {
    error: (code, metadata) => {
      const message = messageOf(metadata)
      if (code.startsWith('OAUTH') || code.startsWith('SIGNIN_OAUTH')) noteSsoFailure({ code, message })
      logger.error({ code, message, err: metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error }, `next-auth error: ${message}`)
    },
    warn: (code) => logger.warn({ code }, 'next-auth warning'),
    debug: () => undefined,
  },
}
