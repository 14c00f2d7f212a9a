import AxeBuilder from '@axe-core/playwright'
import { expect, type Browser, type Page } from '@playwright/test'
import { demo, openSettled, signedInPage, test } from './fixtures'

// Every page of the app, signed in as a role that can see it, checked twice:
// axe-core finds no serious or critical WCAG 2.2 AA violation at desktop width,
// and at 390 px (a phone) nothing scrolls sideways.

type Who = keyof typeof demo | 'signed-out'
type Route = { name: string; who: Who; path: string }

const staticRoutes: Route[] = [
  { name: 'login', who: 'signed-out', path: '/login' },
  { name: 'board', who: 'responder', path: '/services' },
  { name: 'incidents', who: 'responder', path: '/incidents' },
  { name: 'declare', who: 'responder', path: '/incidents/new' },
  { name: 'runbooks', who: 'responder', path: '/runbooks' },
  { name: 'remediations', who: 'commander', path: '/remediations' },
  { name: 'dashboard', who: 'commander', path: '/dashboard' },
  { name: 'action-items', who: 'commander', path: '/action-items' },
  { name: 'audit', who: 'commander', path: '/audit' },
  { name: 'profile', who: 'viewer', path: '/profile' },
  { name: 'admin-users', who: 'admin', path: '/admin' },
  { name: 'admin-services', who: 'admin', path: '/admin/services' },
  { name: 'admin-policy', who: 'admin', path: '/admin/policy' },
  { name: 'admin-alerts', who: 'admin', path: '/admin/alerts' },
  { name: 'alerts', who: 'responder', path: '/alerts' },
  { name: 'admin-sso', who: 'admin', path: '/admin/sso' },
  { name: 'admin-game-day', who: 'admin', path: '/admin/game-day' },
  { name: 'not-found', who: 'viewer', path: '/no-such-page' },
]

/** The pages behind an id: a service, an open incident (declared here), a resolved one's post-mortem, a runbook. */
async function dynamicRoutes(page: Page): Promise<Route[]> {
  await page.goto('/services')
  const service = await page.locator('a[href^="/services/"]').first().getAttribute('href')
  await page.goto('/runbooks')
  const runbook = await page.locator('a[href^="/runbooks/"]').first().getAttribute('href')
  await page.goto('/incidents?status=RESOLVED')
  const resolved = await page.locator('a[href^="/incidents/"]:not([href="/incidents/new"])').first().getAttribute('href')

  await page.goto('/incidents/new')
  await page.getByLabel('Title').fill(`Accessibility walk ${Date.now().toString(36)}`)
  await page.getByRole('textbox', { name: 'Impact', exact: true }).fill('Checkout is slow for some users')
  await page.getByLabel('Some users, but no more than half, are affected').check()
  await page.getByRole('button', { name: /^Declare SEV\d incident$/ }).click()
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/, { timeout: 60_000 })
  const incident = new URL(page.url()).pathname

  expect(service && runbook && resolved).toBeTruthy()
  return [
    { name: 'service', who: 'responder', path: service! },
    { name: 'runbook', who: 'responder', path: runbook! },
    { name: 'incident', who: 'commander', path: incident },
    { name: 'incident-resolved', who: 'viewer', path: resolved! },
    { name: 'postmortem', who: 'commander', path: `${resolved}/postmortem` },
  ]
}

type Session = Awaited<ReturnType<Awaited<ReturnType<Browser['newContext']>>['storageState']>>
const sessions = new Map<Who, Session>()

/** One page per role (signed in once, in beforeAll) at the given width. */
async function pages(browser: Browser, width: number) {
  const byRole = new Map<Who, Page>()
  for (const [who, storageState] of sessions) {
    const context = await browser.newContext({ storageState, viewport: { width, height: 900 } })
    byRole.set(who, await context.newPage())
  }
  return byRole
}

let routes: Route[] = []

test.describe('every page', () => {
  test.describe.configure({ mode: 'serial' })

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000)
    sessions.set('signed-out', { cookies: [], origins: [] })
    for (const who of Object.keys(demo) as (keyof typeof demo)[]) {
      const page = await signedInPage(browser, demo[who].email)
      sessions.set(who, await page.context().storageState())
      if (who === 'commander') routes = [...staticRoutes, ...(await dynamicRoutes(page))]
      await page.context().close()
    }
  })

  test('has no serious or critical axe violations at desktop width', async ({ browser }) => {
    test.setTimeout(300_000)
    const byRole = await pages(browser, 1280)
    const found: string[] = []
    for (const route of routes) {
      const page = byRole.get(route.who)!
      await openSettled(page, route.path)
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
      for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        console.log(`${route.name}: ${v.id} ${v.nodes.length}`)
        found.push(`${route.name} ${route.path}: ${v.id} (${v.impact}) on ${v.nodes.length} node(s): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
      }
    }
    expect(found, found.join('\n')).toEqual([])
  })

  test('fits a 390 px phone with no sideways scroll', async ({ browser }) => {
    test.setTimeout(300_000)
    const byRole = await pages(browser, 390)
    const wide: string[] = []
    for (const route of routes) {
      const page = byRole.get(route.who)!
      await openSettled(page, route.path)
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth)
      if (width > 390) wide.push(`${route.name} ${route.path}: ${width} px`)
    }
    expect(wide, wide.join('\n')).toEqual([])
  })
})
