import type { Metadata } from 'next'
import { ChangePassword } from '@/components/profile/change-password'
import { LinkSso } from '@/components/profile/link-sso'
import { UnlinkIdentity } from '@/components/profile/unlink-identity'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { ssoEnabled, ssoName } from '@/lib/auth/options'
import { roleLabels } from '@/lib/auth/permissions'
import { getSession, requireUser } from '@/lib/auth/session'
import { signInErrorMessage } from '@/lib/auth/throttle'
import { getSsoSettings, listIdentities } from '@/lib/sso/queries'

export const metadata: Metadata = { title: 'Profile' }

type Props = { searchParams: Promise<{ error?: string; linked?: string }> }

export default async function ProfilePage({ searchParams }: Readonly<Props>) {
  const params = await searchParams
  const user = await requireUser()
  const [session, identities, { settings }] = await Promise.all([getSession(), listIdentities(user.id), getSsoSettings()])
  const notice = params.error
    ? { ok: false, text: signInErrorMessage(params.error, settings.groupsClaim) ?? 'Linking failed.' }
    : params.linked && identities.length > 0
      ? { ok: true, text: 'Single sign-on is linked to your account.' }
      : null
  return (
    <>
      <PageHeader title="Profile" description="Who you are here, and how you sign in." />
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-2">
        <Card title="Account">
          <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-4 gap-y-2 p-4 text-sm">
            <dt className="text-slate-500">Name</dt>
            <dd className="break-words">{user.name}</dd>
            <dt className="text-slate-500">Email</dt>
            <dd className="break-words">{user.email}</dd>
            <dt className="text-slate-500">Role</dt>
            <dd>{roleLabels[user.role]}</dd>
            <dt className="text-slate-500">This session</dt>
            <dd>{session?.method === 'sso' ? `single sign-on (${ssoName})` : 'password'}</dd>
          </dl>
        </Card>
        <Card title="Single sign-on">
          <div className="space-y-3 p-4 text-sm">
            {identities.length === 0 ? (
              <p className="text-slate-600">No single sign-on identity is linked to this account.</p>
            ) : (
              <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
                {identities.map((i) => (
                  <li key={i.id} data-testid="identity-row" className="flex items-start justify-between gap-3 px-3 py-2">
                    <div className="min-w-0">
                      <p className="font-medium break-words">{i.email ?? 'no email sent'}</p>
                      <p className="text-xs break-all text-slate-500">{i.issuer}</p>
                    </div>
                    <UnlinkIdentity identityId={i.id} label={i.email ?? i.issuer} />
                  </li>
                ))}
              </ul>
            )}
            {ssoEnabled ? (
              <LinkSso providerName={ssoName} canLink={session?.method === 'password'} notice={notice} />
            ) : (
              <p className="text-slate-500">Single sign-on is not set up on this instance.</p>
            )}
          </div>
        </Card>
        {session?.method === 'password' ? (
          <Card title="Password">
            <div className="p-4 text-sm">
              <ChangePassword />
            </div>
          </Card>
        ) : null}
      </div>
    </>
  )
}
