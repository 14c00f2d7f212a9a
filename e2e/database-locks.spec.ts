import { expect } from '@playwright/test'
import { demo, signedInPage, test } from './fixtures'

// Issue #17's "done means" for databases: game day starts a real blocking transaction in the
// demo database (orders-db, a PostgreSQL the launcher creates, linked to orders-api in prod);
// the incident's lock runbook reads the live blocking chain; ending the blocker goes through the
// guards (preview, reason, typed name, a commander's approval in production) and the blocking
// chain is read again to verify. Everything is real: no simulated clock is needed.
test.describe('database locks', () => {
  test('game day locks → declare → blocking-chain diagnostic shows the blocker → end it with approval → verified', async ({ browser }) => {
    test.setTimeout(90_000)
    const admin = await signedInPage(browser, demo.admin.email)
    await admin.goto('/admin/game-day')
    await admin.getByLabel('Database', { exact: true }).selectOption({ label: 'orders-db' })
    await admin.getByRole('button', { name: 'Start database locks' }).click()
    const started = admin.getByText(/Session \d+ holds a row lock in an open transaction/)
    await expect(started).toBeVisible({ timeout: 15_000 })
    const blockerPid = Number(/Session (\d+)/.exec((await started.textContent()) ?? '')![1])
    let incidentUrl: string | null = null
    try {
      // Declare from the board: orders-api's row → its page → Declare incident.
      await admin.goto('/services')
      await admin.getByTestId('service-row-shop-prod-orders-api').last().getByRole('link', { name: 'orders-api', exact: true }).click()
      await admin.getByRole('link', { name: 'Declare incident' }).click()
      await admin.getByLabel('Title').fill(`Orders stuck on a lock ${Date.now().toString(36)}`)
      await admin.getByRole('textbox', { name: 'Impact', exact: true }).fill('Order updates hang: queries stuck waiting on a lock')
      await admin.getByLabel('Some users, but no more than half, are affected').check()
      const onDeclare = admin.getByLabel('Start a runbook on declare')
      if (await onDeclare.count()) await onDeclare.selectOption('')
      await admin.getByRole('button', { name: /Declare SEV\d incident/ }).click()
      const anyway = admin.getByRole('button', { name: /Declare anyway/ })
      await expect(anyway.or(admin.getByRole('heading', { name: 'Timeline' }))).toBeVisible({ timeout: 30_000 })
      if (await anyway.isVisible()) await anyway.click()
      await expect(admin).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/)
      incidentUrl = admin.url()

      await admin
        .getByTestId('runbook-suggestions')
        .getByRole('button', { name: /Start Database lock contention/ })
        .click()
      const step = admin.getByTestId('runbook-run-db-lock-contention').getByTestId('step-blocking-live')
      await expect(step.getByLabel('Database')).toHaveValue(/.+/)
      await step.getByRole('button', { name: 'Run diagnostic' }).click()
      const result = step.getByTestId('diagnostic-result')
      await expect(result).toContainText(`${blockerPid}`)
      await expect(result).toContainText('UPDATE orders SET status')

      const actions = step.getByTestId('backend-actions')
      await actions.getByRole('button', { name: `End session… pid ${blockerPid}` }).click()
      const confirm = actions.getByRole('form', { name: 'Confirm the database action' })
      await expect(confirm).toContainText(`pid ${blockerPid} on orders-db`)
      await expect(confirm).toContainText("UPDATE orders SET status = 'processing' WHERE id = 1")
      await expect(confirm).toContainText(/idle in transaction for \d+ s/)
      await expect(confirm).toContainText(/blocks pid \d+ \(waiting \d+ s\)/)
      await expect(confirm).toContainText('a commander or an admin must approve it')
      await confirm.getByLabel('Reason').fill('game day: the idle transaction blocks order updates')
      await confirm.getByLabel('Type orders-db to confirm').fill('orders-db')
      await confirm.getByRole('button', { name: 'End the session (ask for approval)' }).click()
      await expect(actions.getByText(/Requested: it waits for a commander/)).toBeVisible()

      const commander = await signedInPage(browser, demo.commander.email)
      await commander.goto('/remediations')
      const request = commander
        .getByRole('region', { name: 'Waiting for approval' })
        .locator('[data-testid^="remediation-"]')
        .filter({ hasText: `pid ${blockerPid}` })
      await request.getByRole('button', { name: 'Approve and run' }).click()
      await expect(request.getByTestId('decision-message')).toHaveText('Approved: running now.')

      const timeline = admin.getByTestId('timeline')
      await expect(timeline).toContainText(`Verified: pid ${blockerPid} has ended and blocks no one in orders-db`, { timeout: 20_000 })
    } finally {
      // Leave nothing for the specs after this one: the locks stopped, the incident resolved.
      await admin.goto('/admin/game-day')
      const stop = admin.getByRole('button', { name: 'Stop the locks on orders-db' })
      if (await stop.isVisible()) await stop.click()
      if (incidentUrl) {
        await admin.goto(incidentUrl)
        await admin.getByRole('button', { name: 'Resolve' }).click()
        await admin.getByLabel('Resolution summary').fill('Ended the idle transaction that held the row lock.')
        await admin.getByRole('button', { name: 'Resolve incident' }).click()
        await expect(admin.getByText(/INC-\d+ is now Resolved\./)).toBeVisible()
      }
    }
  })
})
