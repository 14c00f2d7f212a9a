import { expect } from '@playwright/test'
import { demo, signIn, test } from './fixtures'

test.describe('live service health', () => {
  test('the board shows every demo service live, with freshness', async ({ page }) => {
    await signIn(page, demo.viewer.email)
    // The services' freshness (the resources below have their own).
    await expect(page.getByText(/Updated \d+s ago/).first()).toBeVisible()
    await expect(page.getByRole('button', { name: 'All 12' })).toBeVisible()
    const orders = page.getByTestId('service-row-shop-prod-orders-api').last()
    await expect(orders.getByTestId('health-reason')).toContainText('tasks running')
    // Resources beside services: every kind under its own heading, each with a status.
    const resources = page.getByRole('region', { name: 'Resources' })
    for (const kind of ['LAMBDA', 'RDS', 'ELASTICACHE', 'DYNAMODB', 'LOAD_BALANCER'])
      await expect(
        resources
          .getByTestId(`resource-kind-${kind}`)
          .getByText(/^(Healthy|Degraded|Critical|Unknown)$/)
          .first(),
      ).toBeVisible()
  })

  test('a crash loop injected on game day turns the service critical, and its page shows why', async ({ page }) => {
    test.setTimeout(120_000)
    await signIn(page, demo.admin.email)
    await page.goto('/admin/game-day')
    await page.getByLabel('Service').selectOption({ label: 'payments-api · shop-prod' })
    await page.getByLabel('Failure').selectOption('crash_loop')
    await page.getByRole('button', { name: 'Inject failure' }).click()
    await expect(page.getByText('Crash loop injected into payments-api (shop-prod).')).toBeVisible()

    try {
      await page.goto('/services')
      const attention = page.getByRole('region', { name: /Needs attention/ })
      const row = attention.getByTestId('service-row-shop-prod-payments-api')
      // The board refreshes every 10 s; the loop needs a few failed tasks to count as one.
      await expect(row.getByText('Critical')).toBeVisible({ timeout: 75_000 })
      await expect(row.getByTestId('health-reason')).toContainText(/crash loop: \d+ tasks failed in 10 min \(exit 1\)|0\/2 tasks running/)

      await row.getByRole('link', { name: 'payments-api', exact: true }).click()
      await expect(page.getByRole('heading', { name: 'payments-api' })).toBeVisible()
      const stopped = page.getByTestId('stopped-tasks')
      await expect(stopped.getByTestId('exit-code').first()).toHaveText('1')
      await expect(stopped.getByText('Essential container in task exited').first()).toBeVisible()
      // Read a moment after the board's: a replacement task may be up by now, and the failures still say why.
      await expect(page.getByTestId('service-reason')).toContainText(/crash loop|tasks failed in 10 min \(exit 1\)|0\/2 tasks running/)
    } finally {
      await page.goto('/admin/game-day')
      await page.getByRole('button', { name: 'Clear all' }).click()
      await expect(page.getByText(/Cleared \d+ failure/)).toBeVisible()
    }
  })

  test('a viewer cannot open game day', async ({ page }) => {
    await signIn(page, demo.viewer.email)
    const res = await page.goto('/admin/game-day')
    expect(res?.status()).toBe(403)
  })

  test('the health APIs refuse a signed-out caller', async ({ request }) => {
    expect((await request.get('/api/health/services')).status()).toBe(401)
    expect((await request.get('/api/health/resources')).status()).toBe(401)
  })
})
