import { expect } from '@playwright/test'
import { demo, signIn, signedInPage, test } from './fixtures'

test.describe('sign-in and roles', () => {
  for (const user of Object.values(demo)) {
    test(`${user.email} signs in and sees their role`, async ({ page }) => {
      await signIn(page, user.email)
      await expect(page.getByRole('heading', { name: 'Service health' })).toBeVisible()
      await expect(page.getByTestId('current-role')).toHaveText(user.role)
      await expect(page.getByText(user.name)).toBeVisible()
      const nav = page.getByRole('navigation', { name: 'Main' })
      for (const item of ['Services', 'Incidents', 'Runbooks', 'Dashboard']) {
        await expect(nav.getByRole('link', { name: item })).toBeVisible()
      }
      await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(user === demo.admin ? 1 : 0)
    })
  }

  test('a wrong password gets a clear error and no session', async ({ page }) => {
    await page.goto('/login')
    await page.getByLabel('Email').fill(demo.commander.email)
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByText('Wrong email or password.')).toBeVisible()
    await expect(page).toHaveURL(/\/login/)
    await page.goto('/incidents')
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fincidents/)
  })

  test('sign out ends the session', async ({ page }) => {
    await signIn(page, demo.responder.email)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(/\/login/)
    await page.goto('/services')
    await expect(page).toHaveURL(/\/login/)
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  })

  test('a signed-out visitor is sent to sign in, then back where they were going', async ({ page }) => {
    await page.goto('/dashboard')
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard/)
    await page.getByLabel('Email').fill(demo.viewer.email)
    await page.getByLabel('Password').fill('incident-demo')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL(/\/dashboard$/)
  })

  test('/api/health answers 200 with the database up', async ({ request }) => {
    const res = await request.get('/api/health')
    expect(res.status()).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', database: { status: 'up' } })
  })

  test('the audit page is for commanders and admins', async ({ browser }) => {
    const viewer = await signedInPage(browser, demo.viewer.email)
    const denied = await viewer.goto('/audit')
    expect(denied?.status()).toBe(403)
    const commander = await signedInPage(browser, demo.commander.email)
    await commander.goto('/audit')
    await expect(commander.getByRole('heading', { name: 'Audit' })).toBeVisible()
    await expect(commander.getByRole('cell', { name: 'auth.session.sign_in', exact: true }).first()).toBeVisible()
  })
})
