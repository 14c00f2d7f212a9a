import { describe, expect, it } from 'vitest'
import { ConfigError, parseEnv } from './env-schema.js'

const base = { DATABASE_URL: 'postgresql://u:p@localhost:5432/app', NEXTAUTH_SECRET: 'x'.repeat(32) }

function problem(source: Record<string, string | undefined>, require: string[] = []) {
  try {
    parseEnv(source, { require })
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('expected a configuration error')
}

describe('parseEnv', () => {
  it('accepts a complete configuration and coerces the port', () => {
    expect(parseEnv({ ...base, PORT: '8080' }, { require: ['DATABASE_URL'] })).toMatchObject({ PORT: 8080 })
  })

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' })).toEqual({})
  })

  it('names a bad variable on one line', () => {
    const message = problem({ DATABASE_URL: 'mysql://nope' })
    expect(message).toBe('Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// connection URL')
    expect(message).not.toContain('\n')
  })

  it('names every missing required variable', () => {
    expect(problem({}, ['DATABASE_URL', 'NEXTAUTH_SECRET'])).toBe('Invalid configuration: DATABASE_URL is required; NEXTAUTH_SECRET is required')
  })

  it('rejects a short session secret and an out-of-range port', () => {
    const message = problem({ NEXTAUTH_SECRET: 'short', PORT: '70000' })
    expect(message).toContain('NEXTAUTH_SECRET must be at least 32 characters')
    expect(message).toContain('PORT')
  })

  it('requires all three single sign-on settings together', () => {
    const message = problem({ AUTH_OIDC_ISSUER: 'https://login.example.com' })
    expect(message).toContain('AUTH_OIDC_CLIENT_ID is required when AUTH_OIDC_ISSUER is set')
    expect(message).toContain('AUTH_OIDC_CLIENT_SECRET is required')
  })

  it('requires the first-admin email and password together, with a strong password', () => {
    expect(problem({ ADMIN_EMAIL: 'ops@example.com' })).toContain('ADMIN_PASSWORD is required')
    expect(problem({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'short' })).toContain('ADMIN_PASSWORD must be at least 12 characters')
  })

  it('accepts only the known AWS modes', () => {
    expect(problem({ AWS_MODE: 'mock' })).toContain('AWS_MODE must be simulated or aws')
    expect(parseEnv({ AWS_MODE: 'aws', AWS_REGION: 'eu-west-1' })).toMatchObject({ AWS_MODE: 'aws' })
  })

  it('refuses the simulator CA and TLS endpoint with real AWS', () => {
    expect(problem({ AWS_MODE: 'aws', AWS_SIMULATOR_CA_FILE: '/tmp/ca.pem' })).toContain('AWS_SIMULATOR_CA_FILE must not be set with AWS_MODE=aws')
    expect(problem({ AWS_MODE: 'aws', AWS_SIMULATOR_TLS: '127.0.0.1:4443' })).toContain('AWS_SIMULATOR_TLS must not be set with AWS_MODE=aws')
    expect(parseEnv({ AWS_MODE: 'simulated', AWS_SIMULATOR_TLS: '127.0.0.1:4443', AWS_SIMULATOR_CA_FILE: '/tmp/ca.pem' })).toMatchObject({
      AWS_SIMULATOR_TLS: '127.0.0.1:4443',
    })
  })
})

describe('single sign-on settings', () => {
  it('parses lists and the group mapping', () => {
    expect(
      parseEnv({
        AUTH_OIDC_ALLOWED_DOMAINS: 'Example.com, corp.example.com',
        AUTH_OIDC_REQUIRED_GROUPS: 'sre,ops',
        AUTH_OIDC_GROUP_ROLES: 'sre-leads=commander, oncall=RESPONDER',
        AUTH_SESSION_MAX_AGE_MINUTES: '60',
      }),
    ).toMatchObject({
      AUTH_OIDC_ALLOWED_DOMAINS: ['example.com', 'corp.example.com'],
      AUTH_OIDC_REQUIRED_GROUPS: ['sre', 'ops'],
      AUTH_OIDC_GROUP_ROLES: [
        { group: 'sre-leads', role: 'COMMANDER' },
        { group: 'oncall', role: 'RESPONDER' },
      ],
      AUTH_SESSION_MAX_AGE_MINUTES: 60,
    })
  })

  it('names a bad mapping, domain or lifetime', () => {
    expect(problem({ AUTH_OIDC_GROUP_ROLES: 'sre=boss' })).toContain('AUTH_OIDC_GROUP_ROLES must be group=ROLE pairs')
    expect(problem({ AUTH_OIDC_ALLOWED_DOMAINS: 'not a domain' })).toContain('AUTH_OIDC_ALLOWED_DOMAINS must be a comma-separated list of domains')
    expect(problem({ AUTH_SESSION_MAX_AGE_MINUTES: '1000' })).toContain('AUTH_SESSION_MAX_AGE_MINUTES must be minutes from 5 to 720')
  })

  it('requires a break-glass admin for single sign-on only', () => {
    expect(problem({ AUTH_SSO_ONLY: '1' })).toContain('AUTH_BREAK_GLASS_EMAIL is required when AUTH_SSO_ONLY=1')
  })
})
