// How post-mortem Markdown becomes HTML, safely. Client-safe: the editor's preview
// and the read-only page render with the same plugins. GitHub-flavoured Markdown;
// inline HTML is parsed and then sanitized with GitHub's allow-list (rehype-sanitize's
// default schema): no <script>, <style>, <iframe> or forms, no on* event handlers,
// no javascript: or data: URLs, ids prefixed so they cannot clobber the page's, and
// the only input allowed is GFM's disabled task-list checkbox. Images from another
// site are never loaded (a tracking pixel would see every reader): each becomes a link
// that says what it is, and only images from this app's own paths are shown.
import type { Options } from 'react-markdown'
import rehypeRaw from 'rehype-raw'
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize'
import remarkGfm from 'remark-gfm'

export const sanitizeSchema = defaultSchema

type HastNode = { type: string; tagName?: string; properties?: Record<string, unknown>; children?: HastNode[]; value?: string }

/** Whether an image source stays on this origin: a path such as /x.png, never //host or scheme:. */
export function isLocalImage(src: unknown): boolean {
  return typeof src === 'string' && src.startsWith('/') && !src.startsWith('//') && !src.startsWith('/\\')
}

/** Replaces every image that would load from elsewhere by a link to it. */
function externalImagesAsLinks() {
  const visit = (node: HastNode) => {
    node.children = node.children?.map((child) => {
      if (child.type === 'element' && child.tagName === 'img' && !isLocalImage(child.properties?.src)) {
        const src = typeof child.properties?.src === 'string' ? child.properties.src : ''
        const alt = typeof child.properties?.alt === 'string' && child.properties.alt.trim() ? child.properties.alt.trim() : 'image'
        const label: HastNode = { type: 'text', value: `[${alt}: external image, not loaded]` }
        if (!/^https?:\/\//i.test(src)) return label
        return { type: 'element', tagName: 'a', properties: { href: src, rel: ['noopener', 'noreferrer', 'nofollow'] }, children: [label] }
      }
      visit(child)
      return child
    })
  }
  return (tree: HastNode) => visit(tree)
}

type Plugins = NonNullable<Options['rehypePlugins']>

export const remarkPlugins: Plugins = [remarkGfm]
// Sanitize runs after raw HTML has been parsed into the tree; external images go last,
// on what sanitize kept.
export const rehypePlugins: Plugins = [rehypeRaw, [rehypeSanitize, sanitizeSchema], externalImagesAsLinks]
