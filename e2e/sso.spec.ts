// Single sign-on against a real OpenID provider: oidc-provider, started on
// localhost by Playwright (e2e/idp/server.ts), signed into through Chromium.
import { randomUUID } from 'node:crypto'
import { expect, type Browser, type Page } from '@playwright/test'
import { demo, DEMO_PASSWORD, signIn, test } from './fixtures'

const appPort = Number(process.env.E2E_PORT ?? 3100)
const idpControl = `http://localhost:${Number(process.env.E2E_IDP_PORT ?? appPort + 150) + 1}`

type Claims = { email?: string; email_verified?: boolean; name?: string; preferred_username?: string; groups?: string[] }

async function control(path: string, body: unknown) {
  const res = await fetch(`${idpControl}${path}`, { method: 'PUT', body: JSON.stringify(body) })
  expect(res.status, `IdP control ${path}`).toBe(200)
}

/** Registers (or changes) an account at the IdP; returns its subject, which is also its login name there. */
async function idpAccount(claims: Claims, sub = `u-${randomUUID()}`) {
  await control('/accounts', { sub, claims })
  return sub
}

const idpFaults = (faults: { delayMs?: number; tokenError?: boolean; down?: boolean; idTokenClaims?: boolean }) => control('/faults', faults)

/** An address no earlier run has used. */
const freshEmail = (name: string, domain = 'example.com') => `${name}.${randomUUID().slice(0, 8)}@${domain}`

/** From our login page through the IdP's own login form and back. */
async function ssoSignIn(page: Page, sub: string) {
  await page.goto('/login')
  await page.getByRole('button', { name: 'Continue with Test IdP' }).click()
  await expect(page.locator('input[name=login]')).toBeVisible()
  await page.locator('input[name=login]').fill(sub)
  await page.locator('input[name=password]').fill('any password')
  await page.getByRole('button', { name: 'Sign-in' }).click()
}

/** Our own alert (Next.js keeps an empty route announcer with role=alert on every page). */
const alertOf = (page: Page) => page.locator('p[role=alert]')

async function expectSignedOut(page: Page) {
  await page.goto('/services')
  await expect(page).toHaveURL(/\/login/)
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext()
  return context.newPage()
}

/**
 * One admin, signed in with a password once for the whole file, in a browser context of
 * its own: the tests' settings changes, user changes and admin checks all go through it,
 * so that only the sign-ins a test is about are paid for.
 */
let admin: Page

/** Changes the admin's sign-in settings on /admin/sso; `resetSettings` puts the defaults back. */
async function adminSettings(change: (page: Page) => Promise<void>) {
  await admin.goto('/admin/sso')
  await change(admin)
  await admin.getByRole('button', { name: 'Save sign-in settings' }).click()
  await expect(admin.getByText('Sign-in settings saved.')).toBeVisible()
}

async function resetSettings() {
  await adminSettings(async (page) => {
    await page.getByLabel('Allowed email domains').fill('')
    await page.getByLabel('Required groups').fill('')
    await page.getByLabel('Group to role mapping').fill('')
    await page.getByLabel('Single sign-on only').uncheck()
    await page.getByLabel('Session lifetime (minutes)').fill('720')
  })
}

test.describe('single sign-on', () => {
  test.beforeAll(async ({ browser }) => {
    admin = await freshPage(browser)
    await signIn(admin, demo.admin.email)
  })

  test.afterAll(async () => {
    await admin.context().close()
  })

  test.afterEach(async () => {
    await idpFaults({})
  })

  test('a first sign-in creates a viewer from user-info; a new email for the same subject is the same user; sign-out ends the IdP session', async ({
    page,
    browser,
  }) => {
    const email = freshEmail('first')
    const sub = await idpAccount({ email, email_verified: true, name: 'First Person' })
    await test.step('the first sign-in creates a viewer, with the email the provider sends only from user-info', async () => {
      await ssoSignIn(page, sub)
      await expect(page).toHaveURL(/\/services$/)
      await expect(page.getByTestId('current-role')).toHaveText('Viewer')
      await expect(page.getByText('First Person')).toBeVisible()
      await page.goto('/profile')
      await expect(page.getByTestId('identity-row')).toContainText(email)
    })

    const newEmail = freshEmail('moved-again')
    const again = await freshPage(browser)
    await test.step('the same subject with a new email at the IdP is the same user', async () => {
      // An admin makes this user a responder.
      await admin.goto('/admin')
      await admin.getByLabel(`Role of ${email}`).selectOption('RESPONDER')
      await expect(admin.getByText(`${email} is now Responder.`)).toBeVisible()

      await idpAccount({ email: newEmail, email_verified: true, name: 'First Person' }, sub)
      await ssoSignIn(again, sub)
      await expect(again).toHaveURL(/\/services$/)
      await expect(again.getByTestId('current-role')).toHaveText('Responder')
      await admin.reload()
      await expect(admin.getByTestId(`user-row-${newEmail}`)).toHaveCount(0)
    })

    await test.step('sign-out also ends the session at the IdP', async () => {
      await again.getByRole('button', { name: 'Sign out' }).click()
      // The provider asks to confirm its own sign-out, then sends the browser back to us.
      await again.getByRole('button', { name: 'Yes, sign me out' }).click()
      await expect(again).toHaveURL(/\/login$/)
      await expectSignedOut(again)
      // The next person at this machine meets the IdP's login form, not the last person's session.
      await again.getByRole('button', { name: 'Continue with Test IdP' }).click()
      await expect(again.locator('input[name=login]')).toBeVisible()
    })
  })

  // Whether email_verified is false or true, the refusal is the same server policy
  // (lib/sso/sso.int.test.ts checks both, and that nothing is written); the browser
  // shows it for the case that matters most, a verified claim of the admin's email.
  test("another subject claiming the admin's verified email is refused, and nothing changes", async ({ page }) => {
    // The provider puts the email in the ID token, as in the reported attack.
    await idpFaults({ idTokenClaims: true })
    const sub = await idpAccount({ email: demo.admin.email, email_verified: true, name: 'Mallory' })
    await ssoSignIn(page, sub)
    await expect(page).toHaveURL(/\/login\?error=SSO_ACCOUNT_EXISTS/)
    await expect(alertOf(page)).toHaveText(/An account with this email already exists/)
    const res = await page.goto('/admin')
    await expect(page).toHaveURL(/\/login/)
    expect(res?.status()).toBe(200)
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  })

  test('groups map to roles at every sign-in; the domain allow-list and required groups keep others out', async ({ page, browser }) => {
    const email = freshEmail('grouped', 'corp.example.com')
    try {
      await adminSettings(async (settings) => {
        await settings.getByLabel('Allowed email domains').fill('corp.example.com')
        await settings.getByLabel('Group to role mapping').fill('sre-leads=COMMANDER\noncall=RESPONDER')
        await settings.getByLabel('Required groups').fill('sre-leads, oncall')
      })
      // In the right groups, but from a domain outside the allow-list.
      const outsider = await idpAccount({ email: freshEmail('outsider', 'gmail.example'), email_verified: true, groups: ['sre-leads'] })
      await ssoSignIn(page, outsider)
      await expect(alertOf(page)).toHaveText(/Your email domain is not allowed/)
      await expectSignedOut(page)

      const sub = await idpAccount({ email, email_verified: true, name: 'Gus Grouped', groups: ['sre-leads', 'oncall'] })
      const first = await freshPage(browser)
      await ssoSignIn(first, sub)
      await expect(first).toHaveURL(/\/services$/)
      await expect(first.getByTestId('current-role')).toHaveText('Incident commander')

      await idpAccount({ email, email_verified: true, name: 'Gus Grouped', groups: ['oncall'] }, sub)
      const second = await freshPage(browser)
      await ssoSignIn(second, sub)
      await expect(second.getByTestId('current-role')).toHaveText('Responder')

      // Removed from every allowed group at the IdP: refused at the next sign-in.
      await idpAccount({ email, email_verified: true, name: 'Gus Grouped', groups: ['finance'] }, sub)
      const third = await freshPage(browser)
      await ssoSignIn(third, sub)
      await expect(third).toHaveURL(/error=SSO_NOT_ALLOWED%3Agroup|error=SSO_NOT_ALLOWED:group/)
      await expect(alertOf(third)).toHaveText(/not in a group that may sign in here/)
      await expectSignedOut(third)
    } finally {
      await resetSettings()
    }
  })

  test('single sign-on only: passwords are refused except for the break-glass admin', async ({ page, browser }) => {
    // Signed in with a password before the switch: that session ends with it.
    const before = await freshPage(browser)
    await signIn(before, demo.responder.email)
    try {
      await adminSettings(async (settings) => {
        await settings.getByLabel('Break-glass admin email').fill(demo.admin.email)
        await settings.getByLabel('Single sign-on only').check()
      })
      await page.goto('/login')
      await page.getByLabel('Email').fill(demo.responder.email)
      await page.getByLabel('Password').fill(DEMO_PASSWORD)
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      await expect(alertOf(page)).toHaveText('Password sign-in is turned off here. Use single sign-on.')
      await expectSignedOut(page)
      await expectSignedOut(before)

      const breakGlass = await freshPage(browser)
      await signIn(breakGlass, demo.admin.email)
      await expect(breakGlass.getByTestId('current-role')).toHaveText('Admin')
    } finally {
      await resetSettings()
    }
  })

  test('two first sign-ins of the same person at once both succeed, as one user', async ({ browser }) => {
    const email = freshEmail('twice')
    const sub = await idpAccount({ email, email_verified: true, name: 'Tess Twice' })
    const pages = [await freshPage(browser), await freshPage(browser)]
    // Hold each browser's callback until both have arrived, then let them race.
    let arrived = 0
    let release!: () => void
    const bothThere = new Promise<void>((resolve) => (release = resolve))
    for (const p of pages) {
      await p.route('**/api/auth/callback/oidc**', async (route) => {
        if (++arrived === 2) release()
        await bothThere
        await route.continue()
      })
    }
    await Promise.all(pages.map((p) => ssoSignIn(p, sub)))
    for (const p of pages) {
      await expect(p).toHaveURL(/\/services$/)
      await expect(p.getByTestId('current-role')).toHaveText('Viewer')
    }
    await admin.goto('/admin')
    await expect(admin.getByTestId(`user-row-${email}`)).toHaveCount(1)
  })

  test('a password user links single sign-on from their profile, then signs in with it', async ({ browser }) => {
    const email = freshEmail('linker')
    await addPasswordUser(email, 'Lin Linker', 'linker-password-1')

    // Before consent, single sign-on with that email is refused (and leaves a session at the IdP).
    const sub = await idpAccount({ email, email_verified: true, name: 'Lin Linker' })
    const own = await freshPage(browser)
    await ssoSignIn(own, sub)
    await expect(alertOf(own)).toHaveText(/An account with this email already exists/)

    await signIn(own, email, 'linker-password-1')
    await own.goto('/profile')
    await own.getByLabel('Current password').fill('wrong-password-1')
    await own.getByRole('button', { name: 'Link single sign-on' }).click()
    await expect(own.getByText('Wrong password.')).toBeVisible()
    await own.getByLabel('Current password').fill('linker-password-1')
    await own.getByRole('button', { name: 'Link single sign-on' }).click()
    // The IdP asks again who is there (prompt=login), though it has a session for this browser.
    await own.locator('input[name=login]').fill(sub)
    await own.locator('input[name=password]').fill('any password')
    await own.getByRole('button', { name: 'Sign-in' }).click()
    await expect(own).toHaveURL(/\/profile/)
    await expect(own.getByTestId('identity-row')).toContainText(email)

    const later = await freshPage(browser)
    await ssoSignIn(later, sub)
    await expect(later).toHaveURL(/\/services$/)
    await expect(later.getByTestId('current-role')).toHaveText('Responder')

    // Unlinked from the profile; that the identity then signs in as no one is the server's
    // rule, checked in lib/sso/sso.int.test.ts ("unlinking").
    await own.goto('/profile')
    await own.getByRole('button', { name: `Unlink ${email}` }).click()
    await expect(own.getByTestId('identity-row')).toHaveCount(0)
    await own.reload()
    await expect(own.getByTestId('identity-row')).toHaveCount(0)
  })

  test("a link started and abandoned before signing out does not capture the next person's single sign-on", async ({ page }) => {
    const email = freshEmail('requester')
    await addPasswordUser(email, 'Rex Requester', 'requester-password-1')
    await signIn(page, email, 'requester-password-1')
    await page.goto('/profile')
    await page.getByLabel('Current password').fill('requester-password-1')
    await page.getByRole('button', { name: 'Link single sign-on' }).click()
    await expect(page.locator('input[name=login]')).toBeVisible()
    // The requester walks away from the IdP's form and signs out.
    await page.goto('/services')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(/\/login$/)

    // The next person at this browser signs in with their own single sign-on.
    const victim = freshEmail('next-person')
    await ssoSignIn(page, await idpAccount({ email: victim, email_verified: true, name: 'Nia Next' }))
    await expect(page).toHaveURL(/\/services$/)
    await expect(page.getByText('Nia Next')).toBeVisible()
    await page.goto('/profile')
    await expect(page.getByTestId('identity-row')).toHaveCount(1)
    await expect(page.getByTestId('identity-row')).toContainText(victim)
    await admin.goto('/admin')
    await expect(admin.getByTestId(`user-row-${email}`)).toHaveCount(1)
    await expect(admin.getByTestId(`user-row-${email}`)).not.toContainText('SSO linked')
  })

  test('each failure says what happened', async ({ page, browser }) => {
    // Five failures, each a fresh sign-in: more than the default budget on a busy machine.
    test.setTimeout(120_000)
    // The IdP is down.
    await idpFaults({ down: true })
    await page.goto('/login')
    await page.getByRole('button', { name: 'Continue with Test IdP' }).click()
    await expect(alertOf(page)).toHaveText(/cannot be reached/)

    // The IdP is slower than the app waits (AUTH_OIDC_TIMEOUT_MS=2000).
    await idpFaults({ delayMs: 3000 })
    const slow = await freshPage(browser)
    await slow.goto('/login')
    await slow.getByRole('button', { name: 'Continue with Test IdP' }).click()
    await expect(slow.getByRole('button', { name: /Redirecting to Test IdP/ })).toBeVisible()
    await expect(alertOf(slow)).toHaveText(/did not answer in time/)

    // The token exchange fails.
    await idpFaults({ tokenError: true })
    const token = await freshPage(browser)
    await ssoSignIn(token, await idpAccount({ email: freshEmail('token'), email_verified: true }))
    await expect(alertOf(token)).toHaveText(/token exchange/)
    await idpFaults({})

    // The user cancels at the IdP.
    const cancel = await freshPage(browser)
    await cancel.goto('/login')
    await cancel.getByRole('button', { name: 'Continue with Test IdP' }).click()
    await cancel.getByRole('link', { name: '[ Cancel ]' }).click()
    await expect(alertOf(cancel)).toHaveText('Single sign-on was cancelled. Nothing changed.')

    // The provider sends no email at all. (A preferred_username that is an email but unverified
    // takes the same way through next-auth; that it makes no account is policy, checked in
    // lib/sso/policy.test.ts and lib/sso/sso.int.test.ts, and its message in lib/sso/settings.test.ts.)
    const nameless = await freshPage(browser)
    await ssoSignIn(nameless, await idpAccount({ name: 'No Email', preferred_username: 'noemail' }))
    await expect(alertOf(nameless)).toHaveText(/did not send an email address/)
    await expectSignedOut(nameless)
  })
})

async function addPasswordUser(email: string, name: string, password: string) {
  await admin.goto('/admin')
  await admin.getByLabel('Name', { exact: true }).fill(name)
  await admin.getByLabel('Email', { exact: true }).fill(email)
  await admin.getByLabel('Role', { exact: true }).selectOption({ label: 'Responder' })
  await admin.getByLabel('Initial password').fill(password)
  await admin.getByRole('button', { name: 'Add user' }).click()
  await expect(admin.getByText(`${email} can now sign in.`)).toBeVisible()
}
