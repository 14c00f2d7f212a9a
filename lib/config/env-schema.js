// What configuration the app accepts, and how a bad value is reported: one line
// that names the variable. Pure: lib/env.js applies it to process.env.
import { z } from 'zod'

const optional = (schema) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional())
const portMessage = 'must be a port number from 1 to 65535'
const flag = z.preprocess((v) => (v === '' ? undefined : v), z.enum(['0', '1']).optional())
const sessionMessage = 'must be minutes from 5 to 720 (12 hours)'
const ssoRoles = ['VIEWER', 'RESPONDER', 'COMMANDER', 'ADMIN']

/** "a, b ,c" -> ['a', 'b', 'c'] (lower-cased when `pattern` checks domains). */
const list = (message, pattern) =>
  z.string().transform((value, ctx) => {
    const items = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
      .map((v) => (pattern ? v.toLowerCase() : v))
    if (items.length === 0 || (pattern && items.some((v) => !pattern.test(v)))) {
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    }
    return items
  })

/** "sre-leads=COMMANDER, ops=RESPONDER" -> [{ group: 'sre-leads', role: 'COMMANDER' }, ...] */
const groupRoles = z.string().transform((value, ctx) => {
  const entries = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
  const out = []
  for (const entry of entries) {
    const at = entry.lastIndexOf('=')
    const group = entry.slice(0, at).trim()
    const role = entry
      .slice(at + 1)
      .trim()
      .toUpperCase()
    if (at <= 0 || !group || !ssoRoles.includes(role)) {
      ctx.addIssue({ code: 'custom', message: `must be group=ROLE pairs separated by commas (roles: ${ssoRoles.join(', ')}); "${entry}" is not` })
      return z.NEVER
    }
    out.push({ group, role })
  }
  return out
})

export const envSchema = z
  .object({
    NODE_ENV: optional(z.enum(['development', 'production', 'test'])),
    DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// connection URL')),
    MIGRATION_DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// connection URL')),
    PORT: optional(z.coerce.number(portMessage).int(portMessage).min(1, portMessage).max(65535, portMessage)),
    NEXTAUTH_URL: optional(z.url('must be a URL such as https://incidents.example.com')),
    NEXTAUTH_SECRET: optional(z.string().min(32, 'must be at least 32 characters (try: openssl rand -base64 32)')),
    AUTH_OIDC_ISSUER: optional(z.url('must be the issuer URL of your identity provider')),
    AUTH_OIDC_CLIENT_ID: optional(z.string().min(1)),
    AUTH_OIDC_CLIENT_SECRET: optional(z.string().min(1)),
    AUTH_OIDC_NAME: optional(z.string().min(1).max(40)),
    AUTH_OIDC_SCOPES: optional(z.string().regex(/^openid( [A-Za-z0-9_:./-]+)*$/, 'must be space-separated scopes starting with openid')),
    AUTH_OIDC_ALLOWED_DOMAINS: optional(list('must be a comma-separated list of domains such as example.com', /^[a-z0-9.-]+\.[a-z]{2,}$/)),
    AUTH_OIDC_REQUIRED_GROUPS: optional(list('must be a comma-separated list of group names')),
    AUTH_OIDC_GROUPS_CLAIM: optional(z.string().regex(/^[A-Za-z0-9_:/.-]{1,100}$/, 'must be a claim name such as groups or roles')),
    AUTH_OIDC_GROUP_ROLES: optional(groupRoles),
    AUTH_OIDC_INVITE_ONLY: flag,
    AUTH_OIDC_ALLOW_UNVERIFIED_EMAIL: flag,
    AUTH_OIDC_TIMEOUT_MS: optional(
      z.coerce
        .number('must be milliseconds from 1000 to 60000')
        .int()
        .min(1000, 'must be milliseconds from 1000 to 60000')
        .max(60000, 'must be milliseconds from 1000 to 60000'),
    ),
    AUTH_SSO_ONLY: flag,
    AUTH_BREAK_GLASS_EMAIL: optional(z.email('must be an email address').transform((v) => v.trim().toLowerCase())),
    AUTH_SESSION_MAX_AGE_MINUTES: optional(z.coerce.number(sessionMessage).int(sessionMessage).min(5, sessionMessage).max(720, sessionMessage)),
    // How many proxies in front append to X-Forwarded-For (0: none, the header is ignored). See lib/auth/client-source.ts.
    AUTH_TRUSTED_PROXIES: optional(z.coerce.number('must be a number of proxies from 0 to 5').int().min(0, 'must be 0 to 5').max(5, 'must be 0 to 5')),
    ADMIN_EMAIL: optional(z.email('must be an email address')),
    ADMIN_PASSWORD: optional(z.string().min(12, 'must be at least 12 characters')),
    SEED_DEMO: flag,
    DATA_DIR: optional(z.string().min(1)),
    AWS_MODE: optional(z.enum(['simulated', 'aws'], 'must be simulated or aws')),
    AWS_SIMULATOR_URL: optional(z.url('must be the URL of the AWS simulator')),
    /** The simulator's TLS endpoint (host:port) and its CA (a PEM file), for certificate checks; the launcher sets both in simulated mode only. */
    AWS_SIMULATOR_TLS: optional(z.string().regex(/^[a-z0-9.-]+:\d{1,5}$/, 'must be host:port of the simulator TLS endpoint')),
    AWS_SIMULATOR_CA_FILE: optional(z.string().min(1)),
    /** Extra CAs (a PEM bundle file) trusted by the health URLs' certificate checks, beside the usual public roots. */
    TLS_CA_FILE: optional(z.string().min(1)),
    /** 0: npm start makes the simulator's SNS integration but does not subscribe the app to its topics (the e2e suite subscribes in its own test). */
    AWS_SIMULATOR_ALERTS: flag,
    AWS_REGION: optional(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region such as us-east-1')),
    /** 0 turns off the in-app remediation worker (on by default; one instance per database works at a time). */
    REMEDIATION_WORKER: flag,
    LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
    AUDIT_DIGEST_DIR: optional(z.string().min(1)),
    /** Encrypts registered databases' passwords at rest (AES-256-GCM, lib/databases/crypto.ts). */
    DATABASE_CREDENTIALS_KEY: optional(z.string().min(32, 'must be at least 32 characters (try: openssl rand -base64 32)')),
    AUDIT_DIGEST_KEY: optional(z.string().min(32, 'must be at least 32 characters (try: openssl rand -base64 32)')),
    WEBHOOK_ALLOW_HOSTS: optional(
      list(
        'must be a comma-separated list of hosts, each optionally with :port (10.0.0.5:8080, relay.internal, [::1]:9000)',
        /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+|[0-9a-f:]+)(:\d{1,5})?$/,
      ),
    ),
  })
  .superRefine((env, ctx) => {
    const oidc = ['AUTH_OIDC_ISSUER', 'AUTH_OIDC_CLIENT_ID', 'AUTH_OIDC_CLIENT_SECRET']
    const setOidc = oidc.filter((k) => env[k] !== undefined)
    if (setOidc.length > 0 && setOidc.length < oidc.length) {
      for (const k of oidc.filter((key) => env[key] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [k], message: `is required when ${setOidc.join(', ')} is set` })
      }
    }
    if (env.AUTH_SSO_ONLY === '1' && !env.AUTH_BREAK_GLASS_EMAIL) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_BREAK_GLASS_EMAIL'], message: 'is required when AUTH_SSO_ONLY=1 (the admin who may still use a password)' })
    }
    if (env.MIGRATION_DATABASE_URL && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: "is required when MIGRATION_DATABASE_URL is set (the app's own role)" })
    }
    for (const k of ['AWS_SIMULATOR_TLS', 'AWS_SIMULATOR_CA_FILE']) {
      if (env.AWS_MODE === 'aws' && env[k] !== undefined)
        ctx.addIssue({ code: 'custom', path: [k], message: 'must not be set with AWS_MODE=aws (the simulator CA is trusted only in simulated mode)' })
    }
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      const missing = env.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'
      ctx.addIssue({ code: 'custom', path: [missing], message: 'is required when the other of ADMIN_EMAIL/ADMIN_PASSWORD is set' })
    }
  })

const credentialVariables = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
]

/**
 * Real AWS when AWS_MODE=aws, or when AWS_MODE is unset and credentials are
 * configured through the environment; otherwise the built-in simulator.
 * @param {Record<string, string | undefined>} source
 * @returns {'aws' | 'simulated'}
 */
export function awsModeOf(source) {
  if (source.AWS_MODE === 'aws' || source.AWS_MODE === 'simulated') return source.AWS_MODE
  return credentialVariables.some((k) => source[k]) ? 'aws' : 'simulated'
}

/** The app server needs these on top of the launcher's checks (the launcher provides them). */
export const serverRequired = ['DATABASE_URL', 'NEXTAUTH_SECRET']

export class ConfigError extends Error {
  name = 'ConfigError'
}

/** @typedef {z.infer<typeof envSchema>} Env */

/**
 * Validates `source`; throws a ConfigError whose message is a single line naming each bad variable.
 * @param {Record<string, string | undefined>} source
 * @param {{ require?: string[] }} [options]
 * @returns {Env}
 */
export function parseEnv(source, { require = [] } = {}) {
  const result = envSchema.safeParse(source)
  const problems = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`)
  for (const key of require) {
    if (source[key] === undefined || source[key] === '') problems.push(`${key} is required`)
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`)
  return result.data
}
