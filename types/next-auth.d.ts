import type { Role } from '@/lib/auth/permissions'

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string; role: Role }
    /** How this session began: a password, or single sign-on. */
    method: 'password' | 'sso'
    /** When this session began (ms since the epoch); its lifetime counts from here. */
    signedInAt: number
    /** The user's session version when this session began (User.sessionVersion); any other ends it. */
    sessionVersion: number
  }
  interface User {
    role?: Role
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string
    role?: Role
    method?: 'password' | 'sso'
    signedInAt?: number
    /** User.sessionVersion at sign-in. */
    sv?: number
    /** The provider's ID token, sent back as id_token_hint when signing out of the provider. */
    idToken?: string
  }
}
