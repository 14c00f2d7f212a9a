'use client'

import { useState } from 'react'

export function CopyButton({ text, label = 'Copy' }: Readonly<{ text: string; label?: string }>) {
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard?.writeText(text)
        setCopied(true)
        setTimeout(() => setCopied(false), 1500)
      }}
      className="shrink-0 rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
    >
      {copied ? 'Copied' : label}
    </button>
  )
}
