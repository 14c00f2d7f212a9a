// oidc-provider ships no types; the e2e identity provider uses this much of it.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'
  type Ctx = any // eslint-disable-line @typescript-eslint/no-explicit-any
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>)
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    proxy: boolean
    on(event: string, listener: (ctx: Ctx, err: Error) => void): void
    Grant: {
      new (props: { clientId: string; accountId: string }): { addOIDCScope(scope: string): void; save(): Promise<string> }
      find(id: string): Promise<unknown>
    }
  }
}

declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  /** The provider's internals; the e2e IdP flips its conformIdTokenClaims setting. */
  export function get(provider: unknown): { configuration: { conformIdTokenClaims: boolean } }
}
