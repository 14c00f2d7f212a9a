'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'

const tabs = [
  { href: '/admin', label: 'Users' },
  { href: '/admin/sso', label: 'Single sign-on' },
  { href: '/admin/services', label: 'Service catalog' },
  { href: '/admin/databases', label: 'Databases' },
  { href: '/admin/policy', label: 'Severity policy' },
  { href: '/admin/alerts', label: 'Alerts in' },
  { href: '/admin/game-day', label: 'Game day' },
]

export function AdminTabs() {
  const pathname = usePathname()
  return (
    <nav aria-label="Admin sections" className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((t) => {
        const active = pathname === t.href
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? 'page' : undefined}
            className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${active ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
          >
            {t.label}
          </Link>
        )
      })}
    </nav>
  )
}
