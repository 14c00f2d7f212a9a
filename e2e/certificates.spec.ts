import { expect } from '@playwright/test'
import { demo, signedInPage, test } from './fixtures'

// The demo's health URLs are served over real TLS by the simulator, from its own CA (trusted by
// the app in simulated mode only). Game day re-issues orders-api's certificate for 5 days.
test.describe('certificates', () => {
  test('"certificate about to expire" shows as degraded on the board and the service page after Check now', async ({ browser }) => {
    test.setTimeout(60_000)
    const admin = await signedInPage(browser, demo.admin.email)
    const section = admin.getByTestId('certificates')
    const ordersRow = () =>
      section.getByRole('list', { name: 'Certificates needing attention' }).getByTestId('certificate-row').filter({ hasText: 'orders-api' })
    await admin.goto('/admin/game-day')
    await admin.getByLabel('Service').selectOption({ label: 'orders-api · shop-prod' })
    await admin.getByLabel('Failure').selectOption('certificate_expiring')
    await admin.getByRole('button', { name: 'Inject failure' }).click()
    await expect(admin.getByText(/Certificate about to expire injected into orders-api/)).toBeVisible()
    try {
      await admin.goto('/services')
      await expect(section.getByRole('heading', { name: 'Certificates' })).toBeVisible()
      // "Check now" reuses a check made within 5 s, so it may take a second press.
      await expect(async () => {
        await section.getByRole('button', { name: 'Check now' }).click()
        await expect(section.getByText('Certificates checked')).toBeVisible()
        await expect(ordersRow()).toContainText('expires in 5 days (under 14)', { timeout: 1_000 })
      }).toPass({ timeout: 20_000 })
      await expect(ordersRow().getByText('Degraded')).toBeVisible()
      await expect(section.getByTestId('certificates-summary')).toContainText('1 expiring soon')

      await ordersRow().getByRole('link', { name: 'orders-api' }).click()
      const card = admin.getByTestId('service-certificate')
      await expect(card).toContainText('expires in 5 days (under 14)')
      await expect(card).toContainText('issued by Incident Command AWS simulator CA')
      await expect(card).toContainText('orders-api.shop.example.com')
    } finally {
      await admin.goto('/admin/game-day')
      await admin.getByRole('button', { name: 'Clear all' }).click()
      // Check again so the specs after this one see the normal certificate.
      await admin.goto('/services')
      await expect(async () => {
        await section.getByRole('button', { name: 'Check now' }).click()
        await expect(section.getByTestId('certificates-summary')).not.toContainText('expiring soon', { timeout: 1_000 })
      }).toPass({ timeout: 20_000 })
    }
  })
})
