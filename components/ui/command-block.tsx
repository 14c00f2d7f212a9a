/**
 * A shell command in a block that scrolls sideways when it is long. The block is
 * focusable and named, so keyboard users can reach it and scroll it with the arrow keys.
 */
export function CommandBlock({ label, text, className = '' }: Readonly<{ label: string; text: string; className?: string }>) {
  return (
    <code
      tabIndex={0}
      role="region"
      aria-label={`Command: ${label}`}
      className={`block overflow-x-auto whitespace-pre rounded bg-slate-100 font-mono text-slate-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${className}`}
    >
      {text}
    </code>
  )
}
