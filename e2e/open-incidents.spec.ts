import { expect, type Page } from '@playwright/test'
import { demo, signedInPage, test } from './fixtures'

async function fillDeclare(page: Page, title: string) {
  await page.goto('/incidents/new')
  await page.getByLabel('Title').fill(title)
  await page.getByLabel('Impact').fill('Sign-in fails for some users')
  await page.getByRole('checkbox', { name: /auth-api shop-prod/ }).check()
  await page.getByLabel('Some users, but no more than half, are affected').check()
  await page.getByRole('button', { name: 'Declare SEV3 incident' }).click()
}

test.describe('open incidents on the board', () => {
  test('a service row shows its open incident, and declaring again for it warns and offers to join before making a second one', async ({ browser }) => {
    test.setTimeout(120_000)
    const page = await signedInPage(browser, demo.responder.email)
    const first = `Sign-in errors ${Date.now().toString(36)}`
    await fillDeclare(page, first)
    // An earlier run may have left auth-api with an open incident: this one is declared anyway.
    const warning = page.getByTestId('already-open')
    await expect(page.getByRole('heading', { name: first }).or(warning)).toBeVisible({ timeout: 20_000 })
    if (await warning.isVisible()) await page.getByRole('button', { name: /Declare anyway/ }).click()
    await expect(page.getByRole('heading', { name: first })).toBeVisible({ timeout: 20_000 })
    const url = page.url()
    const ref = (await page.locator('header span.font-mono').first().textContent())!.trim()

    // The board shows it on the service's row, with severity, age and a link.
    await page.goto('/services')
    const row = page.getByTestId('service-row-shop-prod-auth-api').first()
    const open = row.getByTestId('open-incidents').getByRole('link', { name: new RegExp(`${ref} open \\d+m`) })
    await expect(open).toBeVisible({ timeout: 15_000 })
    await expect(row.getByTestId('open-incidents')).toContainText('SEV3')
    await open.click()
    await expect(page).toHaveURL(url)

    // Declaring again for the same service: a warning with a way to join, nothing created yet.
    const second = `Sign-in errors again ${Date.now().toString(36)}`
    await fillDeclare(page, second)
    // (One open incident, or several when an earlier spec left one open on auth-api.)
    await expect(warning).toContainText(/already ha(s an open incident|ve open incidents)/)
    await expect(warning.getByRole('link', { name: `Join ${ref} →` })).toBeVisible()
    await expect(page).toHaveURL(/\/incidents\/new$/)
    await page.goto(`/incidents?q=${encodeURIComponent(second)}`)
    await expect(page.getByRole('link', { name: second })).toHaveCount(0)

    // Joining goes to the open incident; "declare anyway" makes a separate one.
    await fillDeclare(page, second)
    await warning.getByRole('link', { name: `Join ${ref} →` }).click()
    await expect(page).toHaveURL(url)
    await fillDeclare(page, second)
    await page.getByRole('button', { name: /Declare anyway/ }).click()
    await expect(page.getByRole('heading', { name: second })).toBeVisible({ timeout: 20_000 })
    expect(page.url()).not.toBe(url)
  })
})
