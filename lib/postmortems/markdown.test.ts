import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { MarkdownView } from '@/components/postmortems/markdown'
import { isLocalImage } from './markdown'

const render = (text: string) => renderToStaticMarkup(createElement(MarkdownView, { text }))

describe('post-mortem Markdown images', () => {
  it('never loads an image from another site, in Markdown or in HTML, and links to it instead', () => {
    const html = render(
      [
        '![latency graph](https://tracker.example/p.png?reader=1)',
        '',
        '<img src="http://tracker.example/pixel.gif" alt="">',
        '',
        '![relative to the host](//tracker.example/x.png)',
      ].join('\n'),
    )
    expect(html).not.toContain('<img')
    expect(html).toContain(
      '<a href="https://tracker.example/p.png?reader=1" rel="noopener noreferrer nofollow">[latency graph: external image, not loaded]</a>',
    )
    expect(html).toContain('[image: external image, not loaded]')
    expect(html).not.toContain('src=')
  })

  it('keeps images served by this app', () => {
    expect(render('![icon](/icon.svg)')).toContain('<img src="/icon.svg" alt="icon"/>')
    expect(isLocalImage('/icon.svg')).toBe(true)
    for (const src of ['//x.example/a.png', '/\\x.example/a.png', 'https://x.example/a.png', 'data:image/png;base64,AA', undefined])
      expect(isLocalImage(src)).toBe(false)
  })
})
