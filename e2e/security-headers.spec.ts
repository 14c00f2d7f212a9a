// Every page under a Content-Security-Policy that allows only scripts carrying the
// response's nonce, and no page breaks it; the headers that stop framing, sniffing
// and referrer leaks are on pages and API responses alike.
import { expect, type Page } from '@playwright/test'
import { demo, openSettled, signedInPage, test } from './fixtures'

const staticPages = [
  '/services',
  '/incidents',
  '/incidents/new',
  '/runbooks',
  '/dashboard',
  '/audit',
  '/remediations',
  '/action-items',
  '/admin',
  '/admin/services',
  '/admin/policy',
  '/admin/alerts',
  '/alerts',
  '/admin/game-day',
  '/admin/sso',
  '/profile',
  '/this-page-does-not-exist',
]

/** Records CSP violations the page reports, from before its first script runs. */
async function watchViolations(page: Page) {
  const seen: string[] = []
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] }
    w.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text())
  })
  return async () => [...seen, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))]
}

/** The first link on `path` matching `pattern`, once the page has rendered one. */
async function firstHref(page: Page, path: string, pattern: RegExp) {
  await page.goto(path)
  let found: string | undefined
  await expect
    .poll(
      async () => {
        const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
        found = hrefs.find((h) => pattern.test(h))
        return found
      },
      { message: `a link matching ${pattern} on ${path}` },
    )
    .toBeTruthy()
  return found!
}

test.describe('security headers', () => {
  test('no page violates the Content-Security-Policy, and every page has one with a fresh nonce', async ({ browser }) => {
    test.setTimeout(180_000)
    const page = await signedInPage(browser, demo.admin.email)
    const pages = [
      ...staticPages,
      await firstHref(page, '/services', /^\/services\/[\w-]+$/),
      await firstHref(page, '/runbooks', /^\/runbooks\/[\w-]+$/),
      await firstHref(page, '/incidents?state=resolved', /^\/incidents\/(?!new)[\w-]+$/),
    ]
    const incident = pages.at(-1)!
    pages.push(`${incident}/postmortem`)

    const violations = await watchViolations(page)
    const nonces = new Set<string>()
    for (const path of pages) {
      const response = await openSettled(page, path)
      const policy = (await response?.headerValue('content-security-policy')) ?? ''
      expect(policy, path).toContain("frame-ancestors 'none'")
      expect(policy, path).not.toMatch(/script-src[^;]*'unsafe-inline'/)
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1]
      expect(nonce, path).toBeTruthy()
      nonces.add(nonce!)
      expect(await violations(), path).toEqual([])
    }
    expect(nonces.size).toBe(pages.length)
  })

  test('injected markup cannot run script, and the sign-in page is covered too', async ({ page }) => {
    const violations = await watchViolations(page)
    const response = await page.goto('/login')
    expect(await response?.headerValue('content-security-policy')).toContain("'nonce-")
    // What an XSS payload in some text would try: an inline event handler.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image.png" onerror="window.__pwned = true">'))
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined()
    await expect.poll(violations).not.toEqual([])
  })

  test('pages and API answers refuse framing and sniffing and keep the referrer on this site', async ({ request }) => {
    for (const path of ['/login', '/api/health']) {
      const response = await request.get(path)
      const headers = response.headers()
      expect(headers['x-frame-options'], path).toBe('DENY')
      expect(headers['x-content-type-options'], path).toBe('nosniff')
      expect(headers['referrer-policy'], path).toBe('same-origin')
      expect(headers['permissions-policy'], path).toContain('camera=()')
      // Served over http here: no HSTS, which would pin localhost to https.
      expect(headers['strict-transport-security'], path).toBeUndefined()
    }
  })
})
