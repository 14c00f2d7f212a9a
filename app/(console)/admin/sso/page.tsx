import type { Metadata } from 'next'
import { SsoSettingsEditor } from '@/components/admin/sso-settings-editor'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { ssoEnabled, ssoIssuer, ssoName } from '@/lib/auth/options'
import { requirePermission } from '@/lib/auth/session'
import { env } from '@/lib/env'
import { getSsoSettings } from '@/lib/sso/queries'

export const metadata: Metadata = { title: 'Single sign-on' }

export default async function SsoAdminPage() {
  await requirePermission('admin:users')
  const view = await getSsoSettings()
  const appUrl = (env.NEXTAUTH_URL ?? '').replace(/\/$/, '')
  const provider: [string, string, string][] = [
    ['Status', ssoEnabled ? 'On' : 'Off: set AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET', ''],
    ['Issuer', ssoIssuer || 'not set', 'AUTH_OIDC_ISSUER'],
    ['Client ID', env.AUTH_OIDC_CLIENT_ID ?? 'not set', 'AUTH_OIDC_CLIENT_ID'],
    ['Button name', ssoName, 'AUTH_OIDC_NAME'],
    ['Scopes', env.AUTH_OIDC_SCOPES ?? 'openid email profile', 'AUTH_OIDC_SCOPES'],
    ['Timeout', `${env.AUTH_OIDC_TIMEOUT_MS ?? 5000} ms per call to the provider`, 'AUTH_OIDC_TIMEOUT_MS'],
    ['Redirect URI', `${appUrl}/api/auth/callback/oidc`, 'register at the provider'],
    ['Sign-out return', `${appUrl}/login`, 'post-logout redirect URI'],
  ]
  return (
    <>
      <PageHeader
        title="Single sign-on"
        description="Who may sign in through your identity provider, with which role, and how long a session lasts. A setting fixed by an environment variable is shown locked. Every change is audited."
      />
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <SsoSettingsEditor view={view} />
        <Card title="Provider (from the environment)">
          <dl className="space-y-3 p-4 text-sm">
            {provider.map(([label, value, source]) => (
              <div key={label}>
                <dt className="text-xs font-medium text-slate-500">
                  {label}
                  {source ? <span className="font-normal text-slate-500"> · {source}</span> : null}
                </dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </>
  )
}
