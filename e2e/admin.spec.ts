import { expect, type Page } from '@playwright/test'
import { demo, signIn, signedInPage, uniqueEmail, test } from './fixtures'

async function addUser(admin: Page, user: { name: string; email: string; role: string; password: string }) {
  await admin.getByLabel('Name').fill(user.name)
  await admin.getByLabel('Email').fill(user.email)
  await admin.getByLabel('Role', { exact: true }).selectOption({ label: user.role })
  await admin.getByLabel('Initial password').fill(user.password)
  await admin.getByRole('button', { name: 'Add user' }).click()
  await expect(admin.getByText(`${user.email} can now sign in.`)).toBeVisible()
}

test.describe('admin', () => {
  test('a viewer cannot open the admin page', async ({ page }) => {
    await signIn(page, demo.viewer.email)
    const res = await page.goto('/admin')
    expect(res?.status()).toBe(403)
    await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Admin' })).toHaveCount(0)
  })

  test('an admin adds a user, who signs in; bad input is refused and explained', async ({ page, browser }) => {
    const pat = uniqueEmail('pat')
    await signIn(page, demo.admin.email)
    await page.goto('/admin')
    // Past the browser's own checks, the server's check is the one that counts.
    await page.getByLabel('Name').fill('Pat Oncall')
    await page.getByLabel('Email').fill(pat)
    await page.getByLabel('Initial password').fill('short')
    await page.locator('#new-password').evaluate((el) => el.removeAttribute('minlength'))
    await page.getByRole('button', { name: 'Add user' }).click()
    await expect(page.getByText('Use at least 12 characters')).toBeVisible()
    await expect(page.getByTestId(`user-row-${pat}`)).toHaveCount(0)

    await addUser(page, { name: 'Pat Oncall', email: pat, role: 'Responder', password: 'pat-password-123' })
    await expect(page.getByTestId(`user-row-${pat}`)).toBeVisible()

    const patPage = await signedInPage(browser, pat, 'pat-password-123')
    await expect(patPage.getByTestId('current-role')).toHaveText('Responder')
  })

  test('role changes apply at once; the server refuses a viewer who forges the admin action', async ({ page, browser }) => {
    const email = uniqueEmail('quinn')
    await signIn(page, demo.admin.email)
    await page.goto('/admin')
    await addUser(page, { name: 'Quinn', email, role: 'Viewer', password: 'quinn-password-1' })

    // Capture the real server action request the admin page sends.
    const row = page.getByTestId(`user-row-${email}`)
    const sent = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']))
    await row.getByLabel(`Role of ${email}`).selectOption('RESPONDER')
    const actionRequest = await sent
    await expect(page.getByText(`${email} is now Responder.`)).toBeVisible()
    const quinn = await signedInPage(browser, email, 'quinn-password-1')
    await expect(quinn.getByTestId('current-role')).toHaveText('Responder')
    await row.getByLabel(`Role of ${email}`).selectOption('VIEWER')
    await expect(page.getByText(`${email} is now Viewer.`)).toBeVisible()

    // A viewer replays it with their own session: the action itself refuses.
    const viewer = await signedInPage(browser, demo.viewer.email)
    const forged = await viewer.request.post('/admin', {
      headers: {
        'next-action': actionRequest.headers()['next-action'],
        'content-type': actionRequest.headers()['content-type'] ?? 'text/plain;charset=UTF-8',
        accept: 'text/x-component',
      },
      data: actionRequest.postData() ?? '',
    })
    const body = await forged.text()
    expect(body).toContain('FORBIDDEN')
    expect(body).not.toContain('"ok":true')

    await page.reload()
    await expect(page.getByTestId(`user-row-${email}`).getByLabel(`Role of ${email}`)).toHaveValue('VIEWER')
    // A role change also ends the sessions begun under the old role (issue 13, item 5).
    await quinn.reload()
    await expect(quinn).toHaveURL(/\/login/)
  })

  test('disabling a user ends their existing session', async ({ page, browser }) => {
    const email = uniqueEmail('robin')
    await signIn(page, demo.admin.email)
    await page.goto('/admin')
    await addUser(page, { name: 'Robin', email, role: 'Responder', password: 'robin-password-1' })
    const robin = await signedInPage(browser, email, 'robin-password-1')

    await page.getByRole('button', { name: `Disable ${email}` }).click()
    await expect(page.getByText(`${email} is disabled.`)).toBeVisible()

    await robin.goto('/incidents')
    await expect(robin).toHaveURL(/\/login/)
    await robin.getByLabel('Email').fill(email)
    await robin.getByLabel('Password').fill('robin-password-1')
    await robin.getByRole('button', { name: 'Sign in' }).click()
    await expect(robin.getByText('This account is disabled.')).toBeVisible()
  })

  test('the last admin cannot be demoted', async ({ page }) => {
    await signIn(page, demo.admin.email)
    await page.goto('/admin')
    await page.getByLabel('Role of admin@example.com').selectOption('VIEWER')
    await expect(page.getByText('This is the last active admin.')).toBeVisible()
    await page.reload()
    await expect(page.getByLabel('Role of admin@example.com')).toHaveValue('ADMIN')
  })
})
