import { expect } from '@playwright/test'
import { demo, signedInPage, test } from './fixtures'

test.describe('runbooks', () => {
  test('a crash loop suggests the crash-loop runbook first; the responder runs the stopped-tasks diagnostic, attaches it and checks steps', async ({
    browser,
  }) => {
    test.setTimeout(210_000)
    const admin = await signedInPage(browser, demo.admin.email)
    await admin.goto('/admin/game-day')
    await admin.getByLabel('Service').selectOption({ label: 'checkout-web · shop-prod' })
    await admin.getByLabel('Failure').selectOption('crash_loop')
    await admin.getByLabel('Began').selectOption('10')
    await admin.getByRole('button', { name: 'Inject failure' }).click()
    await expect(admin.getByText(/Crash loop injected into checkout-web/)).toBeVisible()
    try {
      const responder = await signedInPage(browser, demo.responder.email)
      const row = responder.getByRole('region', { name: /Needs attention/ }).getByTestId('service-row-shop-prod-checkout-web')
      await expect(row.getByText('Critical')).toBeVisible({ timeout: 30_000 })
      // Begun 10 minutes ago: tasks have failed for a while, so the board reads a crash loop, not only an outage.
      await expect(row.getByTestId('health-reason')).toContainText('crash loop', { timeout: 30_000 })
      await row.getByRole('link', { name: /Declare incident/ }).click()
      await responder.getByLabel('Title').fill('Checkout web restarting')
      await responder.getByLabel('Impact').fill('Checkout pages fail for some users')
      await responder.getByLabel('More than half of users are affected').check()
      // Declared without the runbook the form proposes, to start one from the incident's suggestions.
      const onDeclare = responder.getByLabel('Start a runbook on declare')
      if (await onDeclare.count()) await onDeclare.selectOption('')
      await responder.getByRole('button', { name: /Declare SEV2 incident/ }).click()
      await expect(responder).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/)

      const suggestions = responder.getByTestId('runbook-suggestions')
      await expect(suggestions.getByRole('listitem').first()).toContainText('Container restart loop (crash loop)')
      await suggestions.getByRole('button', { name: /Start Container restart loop/ }).click()
      const run = responder.getByTestId('runbook-run-crash-loop')
      await expect(run.getByTestId('runbook-progress')).toHaveText(/0\/\d+ steps/)

      const stopped = run.getByTestId('step-stopped-tasks')
      await stopped.getByRole('button', { name: 'Run diagnostic' }).click()
      const result = stopped.getByTestId('diagnostic-result')
      await expect(result).toContainText(/exit code.* 1/)
      await expect(result).toContainText('Essential container in task exited')
      await stopped.getByRole('button', { name: 'Attach to timeline' }).click()
      await expect(stopped).toHaveAttribute('data-state', 'done')
      await expect(responder.getByTestId('timeline').locator('[data-kind="diagnostic"]')).toContainText('Stopped tasks for checkout-web')

      for (const id of ['error-logs', 'check-dependencies']) {
        await run.getByTestId(`step-${id}`).getByRole('button', { name: 'Mark done' }).click()
        await expect(run.getByTestId(`step-${id}`)).toHaveAttribute('data-state', 'done')
      }
      await run.getByTestId('step-reproduce').getByRole('button', { name: 'Skip…' }).click()
      await run.getByTestId('step-reproduce').getByLabel('Why skip this step').fill('cannot reproduce locally during the incident')
      await run.getByTestId('step-reproduce').getByRole('button', { name: 'Skip step' }).click()
      await expect(run.getByTestId('step-reproduce')).toHaveAttribute('data-state', 'skipped')
      await expect(run.getByTestId('runbook-progress')).toHaveText(/4\/\d+ steps/)
      await expect(responder.getByTestId('timeline')).toContainText('cannot reproduce locally')
    } finally {
      await admin.goto('/admin/game-day')
      await admin.getByRole('button', { name: 'Clear all' }).click()
    }
  })

  test('the catalog is searchable and a runbook reads without an incident', async ({ page, browser }) => {
    const viewer = await signedInPage(browser, demo.viewer.email)
    await viewer.goto('/runbooks')
    await viewer.getByPlaceholder(/Search by symptom/).fill('redis')
    await expect(viewer.getByRole('link', { name: /Cache down/ })).toBeVisible()
    await viewer.getByRole('link', { name: /Cache down/ }).click()
    await expect(viewer.getByRole('heading', { name: /Cache down/ })).toBeVisible()
    await expect(viewer.getByText(/No open incident to start it in/)).toBeVisible()
    void page
  })
})
