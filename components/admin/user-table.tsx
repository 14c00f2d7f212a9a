'use client'

import { allowSsoLinkAction, changeUserRoleAction, setUserDisabledAction, unlinkIdentityAction, unlockUserAction } from '@/app/(console)/admin/actions'
import { Card } from '@/components/ui/card'
import { useAction } from '@/components/ui/use-action'
import { isRole, roleLabels, roles } from '@/lib/auth/permissions'
import type { UserRow } from '@/lib/users/dto'

export function UserTable({ users, currentUserId, sso }: Readonly<{ users: UserRow[]; currentUserId: string; sso: boolean }>) {
  const { run, pending, notice } = useAction()

  return (
    <Card title={`Users (${users.length})`}>
      <p aria-live="polite" className="min-h-0">
        {notice ? (
          <span
            role={notice.ok ? 'status' : 'alert'}
            className={`mx-4 mt-3 block rounded-md px-3 py-2 text-sm ${notice.ok ? 'bg-green-50 text-green-800' : 'bg-red-50 text-red-800'}`}
          >
            {notice.text}
          </span>
        ) : null}
      </p>
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                User
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Role
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Status
              </th>
              <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell">
                Last sign-in
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id} className={u.disabled ? 'bg-slate-50 text-slate-500' : undefined} data-testid={`user-row-${u.email}`}>
                <td className="px-4 py-2">
                  <p className="font-medium">{u.name}</p>
                  <p className="text-xs text-slate-500">
                    {u.email}
                    {u.identities > 0 ? ' · SSO linked' : ''}
                  </p>
                  {u.linkedIdentities.map((identity) => (
                    <button
                      key={identity.id}
                      type="button"
                      disabled={pending}
                      onClick={() =>
                        run(
                          () => unlinkIdentityAction({ userId: u.id, identityId: identity.id }),
                          `Single sign-on${identity.email ? ` (${identity.email})` : ''} is no longer linked to ${u.email}.`,
                        )
                      }
                      className="mr-1 mt-1 rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
                    >
                      Unlink SSO{identity.email ? ` (${identity.email})` : ''}
                      <span className="sr-only"> from {u.email}</span>
                    </button>
                  ))}
                  {u.ssoLinkAllowedUntil ? (
                    // While an approval is set, it can always be withdrawn (even once an identity is linked).
                    <p className="mt-1 text-xs text-slate-500">
                      SSO link allowed until {u.ssoLinkAllowedUntil.replace('T', ' ').slice(0, 16)} UTC{' '}
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => run(() => allowSsoLinkAction({ userId: u.id, allowed: false }), `${u.email} can no longer link single sign-on.`)}
                        className="ml-1 rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
                      >
                        Withdraw SSO link
                        <span className="sr-only"> for {u.email}</span>
                      </button>
                    </p>
                  ) : sso && u.identities === 0 && u.id !== currentUserId ? (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() =>
                        run(() => allowSsoLinkAction({ userId: u.id, allowed: true }), `${u.email} may link single sign-on at an SSO sign-in within 24 hours.`)
                      }
                      className="mt-1 rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
                    >
                      Allow SSO link
                      <span className="sr-only"> for {u.email}</span>
                    </button>
                  ) : null}
                </td>
                <td className="px-4 py-2">
                  <label className="sr-only" htmlFor={`role-${u.id}`}>
                    Role of {u.email}
                  </label>
                  <select
                    id={`role-${u.id}`}
                    value={u.role}
                    disabled={pending}
                    onChange={(e) => {
                      const role = e.target.value
                      if (!isRole(role)) return
                      run(() => changeUserRoleAction({ userId: u.id, role }), `${u.email} is now ${roleLabels[role]}.`)
                    }}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                  >
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {roleLabels[r]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="px-4 py-2">
                  <div className="flex items-center gap-2">
                    <span className={`text-xs font-medium ${u.disabled ? 'text-red-700' : 'text-green-700'}`}>{u.disabled ? 'Disabled' : 'Active'}</span>
                    {u.id === currentUserId ? (
                      <span className="text-xs text-slate-500">(you)</span>
                    ) : (
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() =>
                          run(() => setUserDisabledAction({ userId: u.id, disabled: !u.disabled }), `${u.email} is ${u.disabled ? 'enabled' : 'disabled'}.`)
                        }
                        className="rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
                      >
                        {u.disabled ? 'Enable' : 'Disable'}
                        <span className="sr-only"> {u.email}</span>
                      </button>
                    )}
                  </div>
                  {u.signInLock ? (
                    <div className="mt-1 flex flex-wrap items-center gap-2">
                      <span className="text-xs font-medium text-amber-700" title={`Until ${u.signInLock.until.replace('T', ' ').slice(0, 19)} UTC`}>
                        Locked ({u.signInLock.sources === 1 ? 'from 1 address' : `from ${u.signInLock.sources} addresses`})
                      </span>
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => run(() => unlockUserAction({ userId: u.id }), `${u.email} can sign in again.`)}
                        className="rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
                      >
                        Unlock
                        <span className="sr-only"> {u.email}</span>
                      </button>
                    </div>
                  ) : null}
                </td>
                <td className="hidden whitespace-nowrap px-4 py-2 text-xs text-slate-500 md:table-cell">
                  {u.lastLoginAt ? u.lastLoginAt.replace('T', ' ').slice(0, 16) + ' UTC' : 'never'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  )
}
