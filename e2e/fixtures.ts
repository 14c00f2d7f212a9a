import { expect, test as base, type Browser, type Page, type Request } from '@playwright/test'

/**
 * Playwright's `test`, which also closes, when a test ends, the browser contexts it opened
 * (signedInPage, browser.newContext). Playwright keeps them open for the worker's whole life,
 * and a page left signed in on the board keeps polling the app and holding its live stream,
 * which slows every later test of the run. Contexts opened in beforeAll, to outlive a test, stay.
 */
export const test = base.extend<{ closeOpenedContexts: void }>({
  closeOpenedContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts())
      await use()
      await Promise.all(
        browser
          .contexts()
          .filter((context) => !before.has(context))
          .map((context) => context.close()),
      )
    },
    { auto: true },
  ],
})

export const DEMO_PASSWORD = 'incident-demo'

export const demo = {
  viewer: { email: 'viewer@example.com', name: 'Vera Viewer', role: 'Viewer' },
  responder: { email: 'responder@example.com', name: 'Rafael Responder', role: 'Responder' },
  commander: { email: 'commander@example.com', name: 'Chloe Commander', role: 'Incident commander' },
  admin: { email: 'admin@example.com', name: 'Ada Admin', role: 'Admin' },
} as const

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/services$/)
}

/** A separate browser context (its own cookies) signed in as `email`. */
export async function signedInPage(browser: Browser, email: string, password = DEMO_PASSWORD) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signIn(page, email, password)
  return page
}

/** An email no earlier run (or retry) has used, for users a test creates. */
export function uniqueEmail(name: string) {
  return `${name}.${Date.now().toString(36)}@example.com`
}

const inFlight = new WeakMap<Page, Set<Request>>()

/**
 * Opens `path` and waits until the page has had no request in flight for half a second
 * (at most `max` ms), so client components have loaded their data. Playwright's own
 * 'networkidle' never comes while the live event stream (/api/events) is open, so the
 * stream is left out of the count.
 */
export async function openSettled(page: Page, path: string, max = 5_000) {
  let open = inFlight.get(page)
  if (!open) {
    const requests = new Set<Request>()
    page.on('request', (r) => {
      if (!new URL(r.url()).pathname.startsWith('/api/events')) requests.add(r)
    })
    page.on('requestfinished', (r) => requests.delete(r))
    page.on('requestfailed', (r) => requests.delete(r))
    inFlight.set(page, requests)
    open = requests
  }
  const response = await page.goto(path)
  await page.locator('main, form').first().waitFor()
  const start = Date.now()
  let idleSince = 0
  while (Date.now() - start < max) {
    if (open.size > 0) idleSince = 0
    else if (!idleSince) idleSince = Date.now()
    else if (Date.now() - idleSince >= 500) break
    await page.waitForTimeout(50)
  }
  return response
}
