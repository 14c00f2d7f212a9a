import Markdown from 'react-markdown'
import { rehypePlugins, remarkPlugins } from '@/lib/postmortems/markdown'

// Typography for rendered Markdown without a plugin: the elements it can produce.
const prose = [
  'text-sm leading-relaxed text-slate-800 break-words',
  '[&_h1]:mt-4 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:mt-4 [&_h2]:text-base [&_h2]:font-semibold [&_h3]:mt-3 [&_h3]:font-semibold',
  '[&_p]:my-2 [&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-5 [&_li]:my-0.5',
  '[&_a]:text-brand-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-200 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600',
  '[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.85em] [&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-slate-900 [&_pre]:p-3 [&_pre]:text-slate-100 [&_pre_code]:bg-transparent [&_pre_code]:p-0',
  '[&_table]:my-2 [&_table]:w-full [&_table]:text-left [&_th]:border-b [&_th]:border-slate-200 [&_th]:px-2 [&_th]:py-1 [&_td]:border-b [&_td]:border-slate-100 [&_td]:px-2 [&_td]:py-1',
  '[&_hr]:my-4 [&_hr]:border-slate-200 [&_img]:max-w-full',
].join(' ')

/**
 * Post-mortem Markdown, rendered and sanitized (lib/postmortems/markdown.ts). Works
 * in server components (the read-only page) and client ones (the editor's preview).
 */
export function MarkdownView({ text, empty = 'Nothing written yet.' }: Readonly<{ text: string; empty?: string }>) {
  if (!text.trim()) return <p className="text-sm italic text-slate-500">{empty}</p>
  return (
    <div className={prose} data-testid="markdown">
      <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins}>
        {text}
      </Markdown>
    </div>
  )
}
