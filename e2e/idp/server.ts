// A real OpenID Connect provider (the certified `oidc-provider` package) on
// localhost for the end-to-end tests, started by Playwright before the app.
//
//   IdP:      http://localhost:$IDP_PORT          (discovery, authorize, token, userinfo, end_session)
//   control:  http://localhost:$IDP_PORT+1/...    (tests register accounts and inject faults)
//
// Like oidc-provider's defaults (and the spec), the ID token carries only `sub`
// and the protocol claims; email, name and groups come from the user-info endpoint.
// Sign in on its login page with the account's `sub` as the username (any password).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import Provider from 'oidc-provider'
import { get as internals } from 'oidc-provider/lib/helpers/weak_cache.js'

const port = Number(process.env.IDP_PORT ?? 3250)
const controlPort = port + 1
const appUrl = (process.env.IDP_APP_URL ?? 'http://localhost:3100').replace(/\/$/, '')
const issuer = `http://localhost:${port}`

type Account = { sub: string; claims: Record<string, unknown> }
const accounts = new Map<string, Account>()
/** Faults a test can inject: delay every IdP response, or make the token endpoint fail. */
const faults = { delayMs: 0, tokenError: false }
/**
 * oidc-provider's documented `conformIdTokenClaims` setting: true (the default) keeps
 * email and profile claims out of the ID token; a test may set it false to get a
 * provider that also puts them in the ID token.
 */
function setIdTokenClaims(inIdToken: boolean) {
  internals(provider).configuration.conformIdTokenClaims = !inIdToken
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'incident-command',
      client_secret: 'e2e-client-secret-0123456789',
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      post_logout_redirect_uris: [`${appUrl}/login`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['e2e-idp-cookie-key-0123456789abcdef'] },
  pkce: { required: () => true },
  async findAccount(_ctx: unknown, sub: string) {
    const account = accounts.get(sub)
    if (!account) return undefined
    return { accountId: sub, claims: async () => ({ sub, ...account.claims }) }
  },
  // No consent screen: the app is the only client, trusted as a company IdP would.
  async loadExistingGrant(ctx: {
    oidc: {
      client: { clientId: string }
      session: { accountId: string; grantIdFor(id: string): string | undefined }
      result?: { consent?: { grantId?: string } }
      provider: Provider
    }
  }) {
    const { Grant } = ctx.oidc.provider
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId)
    if (grantId) return Grant.find(grantId)
    const grant = new Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId })
    grant.addOIDCScope('openid email profile groups')
    await grant.save()
    return grant
  },
})
provider.on('server_error', (_ctx, err) => console.error('[idp] server_error', err))

const oidc = provider.callback()
let idpServer: Server | null = null

function startIdp() {
  if (idpServer) return Promise.resolve()
  idpServer = createServer((req, res) => {
    const go = () => {
      if (faults.tokenError && req.method === 'POST' && req.url?.startsWith('/token')) {
        res.writeHead(400, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: 'invalid_client', error_description: 'client authentication failed (injected by the e2e test)' }))
        return
      }
      oidc(req, res)
    }
    if (faults.delayMs > 0) setTimeout(go, faults.delayMs)
    else go()
  })
  return new Promise<void>((resolve) => idpServer!.listen(port, '127.0.0.1', () => resolve()))
}

function stopIdp() {
  const server = idpServer
  idpServer = null
  if (!server) return Promise.resolve()
  server.closeAllConnections()
  return new Promise<void>((resolve) => server.close(() => resolve()))
}

async function body(req: IncomingMessage) {
  let text = ''
  for await (const chunk of req) text += chunk
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

function reply(res: ServerResponse, status: number, data: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(data))
}

createServer(async (req, res) => {
  try {
    const path = req.url ?? '/'
    if (req.method === 'GET' && path === '/health') return reply(res, 200, { ok: true, up: Boolean(idpServer) })
    if (req.method === 'PUT' && path === '/accounts') {
      const { sub, claims } = (await body(req)) as { sub: string; claims: Record<string, unknown> }
      accounts.set(sub, { sub, claims })
      return reply(res, 200, { ok: true })
    }
    if (req.method === 'PUT' && path === '/faults') {
      const next = (await body(req)) as Partial<typeof faults> & { down?: boolean; idTokenClaims?: boolean }
      setIdTokenClaims(Boolean(next.idTokenClaims))
      faults.delayMs = Number(next.delayMs ?? 0)
      faults.tokenError = Boolean(next.tokenError)
      if (next.down) await stopIdp()
      else await startIdp()
      return reply(res, 200, { ok: true })
    }
    reply(res, 404, { error: 'unknown control path' })
  } catch (err) {
    reply(res, 500, { error: String(err) })
  }
}).listen(controlPort, '127.0.0.1', () => {
  void startIdp().then(() => console.log(`[idp] OpenID provider on ${issuer}, control on http://localhost:${controlPort}`))
})

const quit = () => process.exit(0)
process.on('SIGTERM', quit)
process.on('SIGINT', quit)
