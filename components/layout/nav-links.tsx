'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { PendingApprovalsCount } from '@/components/remediation/pending-approvals'

export type NavItem = { href: string; label: string; icon: string; pendingApprovals?: boolean }

export function NavLinks({ items }: Readonly<{ items: NavItem[] }>) {
  const pathname = usePathname()
  return (
    <ul className="relative flex gap-1 overflow-x-auto md:flex-col md:overflow-visible">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`)
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? 'page' : undefined}
              className={`flex items-center gap-3 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium transition-colors ${
                active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white'
              }`}
            >
              <span aria-hidden className="w-4 text-center text-base leading-none">
                {item.icon}
              </span>
              {item.label}
              {item.pendingApprovals ? <PendingApprovalsCount /> : null}
            </Link>
          </li>
        )
      })}
    </ul>
  )
}
