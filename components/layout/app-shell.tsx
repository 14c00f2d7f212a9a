import Link from 'next/link'
import type { ReactNode } from 'react'
import { can, roleLabels } from '@/lib/auth/permissions'
import type { CurrentUser } from '@/lib/users/dto'
import { PendingApprovalsHeaderLink } from '@/components/remediation/pending-approvals'
import { LiveIndicator } from '@/components/live/live-provider'
import { NavLinks, type NavItem } from './nav-links'
import { SignOutButton } from './sign-out-button'

function navFor(user: CurrentUser): NavItem[] {
  const items: NavItem[] = [
    { href: '/services', label: 'Services', icon: '◉' },
    { href: '/incidents', label: 'Incidents', icon: '⚑' },
    { href: '/alerts', label: 'Alerts', icon: '⚠' },
    { href: '/remediations', label: 'Remediation', icon: '⚒', pendingApprovals: can(user.role, 'remediation:approve') },
    { href: '/runbooks', label: 'Runbooks', icon: '☰' },
    { href: '/action-items', label: 'Action items', icon: '✓' },
    { href: '/dashboard', label: 'Dashboard', icon: '▦' },
  ]
  if (can(user.role, 'audit:read')) items.push({ href: '/audit', label: 'Audit', icon: '⌕' })
  if (can(user.role, 'admin:users')) items.push({ href: '/admin', label: 'Admin', icon: '⚙' })
  return items
}

export function AppShell({ user, children }: Readonly<{ user: CurrentUser; children: ReactNode }>) {
  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="bg-slate-900 text-slate-100 md:fixed md:inset-y-0 md:flex md:w-60 md:flex-col">
        {/* On a narrow phone the live state and the approvals count wrap under the name rather than off the screen. */}
        <div className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 md:py-5">
          <Link href="/services" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="grid h-8 w-8 place-items-center rounded-md bg-brand-600 text-sm font-bold">
              IC
            </span>
            Incident Command
          </Link>
          <div className="flex items-center gap-2">
            <LiveIndicator />
            {can(user.role, 'remediation:approve') ? <PendingApprovalsHeaderLink /> : null}
          </div>
        </div>
        <nav aria-label="Main" className="px-2 pb-2 md:flex-1 md:pb-0">
          <NavLinks items={navFor(user)} />
        </nav>
        <div className="flex items-center justify-between gap-3 border-t border-slate-800 px-4 py-3">
          <div className="min-w-0">
            <Link href="/profile" className="block truncate text-sm font-medium hover:underline" title={`${user.email}: your profile`}>
              {user.name}
            </Link>
            <p className="truncate text-xs text-slate-400" data-testid="current-role">
              {roleLabels[user.role]}
            </p>
          </div>
          <SignOutButton />
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 md:ml-60">
        <div className="mx-auto max-w-6xl px-4 py-6 md:px-8 md:py-8">{children}</div>
      </main>
    </div>
  )
}
