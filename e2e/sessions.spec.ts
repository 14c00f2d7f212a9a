// Sessions that end, and sign-in locks an admin can lift (issue 13: items 2 and 5).
import { expect, type Page } from '@playwright/test'
import { demo, signIn, uniqueEmail, test } from './fixtures'

async function addUser(admin: Page, user: { name: string; email: string; password: string }) {
  await admin.goto('/admin')
  await admin.getByLabel('Name').fill(user.name)
  await admin.getByLabel('Email').fill(user.email)
  await admin.getByLabel('Role', { exact: true }).selectOption({ label: 'Viewer' })
  await admin.getByLabel('Initial password').fill(user.password)
  await admin.getByRole('button', { name: 'Add user' }).click()
  await expect(admin.getByText(`${user.email} can now sign in.`)).toBeVisible()
}

async function tryPassword(page: Page, email: string, password: string) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

test.describe('sessions that end', () => {
  test('after sign-out, the old session cookie is refused by pages and the API', async ({ page, browser }) => {
    await signIn(page, demo.responder.email)
    const old = await page.context().cookies()
    expect(old.some((c) => c.name.endsWith('next-auth.session-token'))).toBe(true)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(/\/login/)

    // Someone who copied the cookie before the sign-out gets nothing with it.
    const replay = await browser.newContext()
    await replay.addCookies(old)
    const stolen = await replay.newPage()
    await stolen.goto('/services')
    await expect(stolen).toHaveURL(/\/login/)
    expect((await stolen.request.get('/api/dashboard')).status()).toBe(401)
    await replay.close()
  })

  test('an admin unlocks an account that wrong passwords locked from one address', async ({ page, browser }) => {
    const sam = { name: 'Sam Example', email: uniqueEmail('sam'), password: 'sam-password-123' }
    await signIn(page, demo.admin.email)
    await addUser(page, sam)

    // Sam's browser, as seen behind the proxy (AUTH_TRUSTED_PROXIES=1 in the e2e app) from its own address.
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 20}`
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': address } })
    const samPage = await context.newPage()
    for (let i = 0; i < 4; i++) {
      await tryPassword(samPage, sam.email, `wrong-password-${i}`)
      await expect(samPage.getByText('Wrong email or password.')).toBeVisible()
    }
    await tryPassword(samPage, sam.email, 'wrong-password-4')
    await expect(samPage.getByText('Too many wrong passwords for this account. Try again in 30 seconds.')).toBeVisible()
    await tryPassword(samPage, sam.email, sam.password)
    await expect(samPage.getByText(/Too many wrong passwords for this account/)).toBeVisible()
    expect(samPage.url()).not.toMatch(/prisma|Error/i)

    await page.goto('/admin')
    const row = page.getByTestId(`user-row-${sam.email}`)
    await expect(row.getByText('Locked (from 1 address)')).toBeVisible()
    await row.getByRole('button', { name: `Unlock ${sam.email}` }).click()
    await expect(page.getByText(`${sam.email} can sign in again.`)).toBeVisible()
    await expect(row.getByText(/^Locked \(from/)).toHaveCount(0)

    await tryPassword(samPage, sam.email, sam.password)
    await expect(samPage).toHaveURL(/\/services$/)
    await context.close()
  })

  test('disabling then enabling a user does not bring their old session back', async ({ page, browser }) => {
    const kim = { name: 'Kim Returning', email: uniqueEmail('kim'), password: 'kim-password-123' }
    await signIn(page, demo.admin.email)
    await addUser(page, kim)
    const context = await browser.newContext()
    const kimPage = await context.newPage()
    await signIn(kimPage, kim.email, kim.password)

    const row = page.getByTestId(`user-row-${kim.email}`)
    await row.getByRole('button', { name: `Disable ${kim.email}` }).click()
    await expect(page.getByText(`${kim.email} is disabled.`)).toBeVisible()
    await row.getByRole('button', { name: `Enable ${kim.email}` }).click()
    await expect(page.getByText(`${kim.email} is enabled.`)).toBeVisible()

    await kimPage.goto('/services')
    await expect(kimPage).toHaveURL(/\/login/)
    await context.close()
  })
})

test.describe('a password spray from one address', () => {
  test('is refused at once with a fixed code and a Retry-After once the address is locked, and other addresses still sign in', async ({ request, page }) => {
    const sprayer = { 'x-forwarded-for': '192.0.2.77' }
    const csrf = await request.get('/api/auth/csrf', { headers: sprayer })
    const { csrfToken } = (await csrf.json()) as { csrfToken: string }
    const post = (email: string) =>
      request.post('/api/auth/callback/credentials', { headers: sprayer, form: { csrfToken, email, password: 'a-wrong-guess', json: 'true' }, maxRedirects: 0 })
    // The source's free attempts (lib/auth/throttle.ts: 20), each a wrong password for another account.
    const codes: string[] = []
    for (let i = 0; i < 20; i++) {
      const res = await post(`spray-${i}@example.com`)
      codes.push(new URL(((await res.json()) as { url: string }).url).searchParams.get('error') ?? '')
    }
    expect(codes.slice(0, 19).every((c) => c === 'CredentialsSignin')).toBe(true)
    expect(codes[19]).toMatch(/^THROTTLED:\d+$/)
    // From now on the app server answers before the app (scripts/serve-app.mjs, lib/auth/front-door.ts).
    const refused = await post(demo.responder.email)
    expect(refused.status()).toBe(200)
    expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0)
    expect(new URL(((await refused.json()) as { url: string }).url).searchParams.get('error')).toMatch(/^THROTTLED:\d+$/)
    // A form post without JavaScript gets the same refusal as a redirect to the sign-in page.
    const form = await request.post('/api/auth/callback/credentials', {
      headers: sprayer,
      form: { csrfToken, email: 'x@example.com', password: 'x' },
      maxRedirects: 0,
    })
    expect(form.status()).toBe(302)
    expect(form.headers()['location']).toMatch(/\/login\?error=THROTTLED%3A\d+$/)
    // Someone at another address is not slowed down.
    await signIn(page, demo.responder.email)
  })
})
