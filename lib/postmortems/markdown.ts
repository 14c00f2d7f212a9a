// How post-mortem Markdown becomes HTML, safely. Client-safe: the editor's preview
// and the read-only page render with the same plugins. GitHub-flavoured Markdown;
// inline HTML is parsed and then sanitized with GitHub's allow-list (rehype-sanitize's
// default schema): no <script>, <style>, <iframe> or forms, no on* event handlers,
// no javascript: or data: URLs, ids prefixed so they cannot clobber the page's, and
// the only input allowed is GFM's disabled task-list checkbox.
import type { Options } from 'react-markdown'
import rehypeRaw from 'rehype-raw'
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize'
import remarkGfm from 'remark-gfm'

export const sanitizeSchema = defaultSchema

type Plugins = NonNullable<Options['rehypePlugins']>

export const remarkPlugins: Plugins = [remarkGfm]
// Sanitize runs last, after raw HTML has been parsed into the tree.
export const rehypePlugins: Plugins = [rehypeRaw, [rehypeSanitize, sanitizeSchema]]
