import { expect } from '@playwright/test'
import { demo, signedInPage, test } from './fixtures'

test.describe('incidents', () => {
  test('a responder runs a SEV2 from a critical service to resolution; others watch it live; a viewer cannot change it', async ({ browser }) => {
    test.setTimeout(150_000)
    const admin = await signedInPage(browser, demo.admin.email)
    await admin.goto('/admin/game-day')
    await admin.getByLabel('Service').selectOption({ label: 'orders-api · shop-prod' })
    await admin.getByLabel('Failure').selectOption('crash_loop')
    await admin.getByLabel('Began').selectOption('10')
    await admin.getByRole('button', { name: 'Inject failure' }).click()
    await expect(admin.getByText('Crash loop injected into orders-api (shop-prod), as if it began 10 minutes ago.')).toBeVisible()

    try {
      // Declare from the board's critical row.
      const responder = await signedInPage(browser, demo.responder.email)
      const row = responder.getByRole('region', { name: /Needs attention/ }).getByTestId('service-row-shop-prod-orders-api')
      await expect(row.getByText('Critical')).toBeVisible({ timeout: 30_000 })
      await row.getByRole('link', { name: /Declare incident/ }).click()
      await expect(responder.getByRole('heading', { name: 'Declare an incident' })).toBeVisible()
      await expect(responder.getByRole('checkbox', { name: /orders-api shop-prod/ })).toBeChecked()

      await responder.getByLabel('Title').fill('Orders API crash looping')
      await responder.getByLabel('Impact').fill('About 60% of order submissions fail with 502')
      await responder.getByLabel('More than half of users are affected').check()
      await expect(responder.getByTestId('severity-meaning')).toContainText('Acknowledge within30 min')
      await responder.getByLabel('Incident commander').selectOption({ label: demo.commander.name })
      const declare = responder.getByRole('button', { name: 'Declare SEV2 incident' })
      await declare.dblclick()
      await expect(responder).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/)
      const url = responder.url()
      await expect(responder.getByRole('heading', { name: 'Orders API crash looping' })).toBeVisible()
      await expect(responder.getByTestId('timeline')).toContainText('Declared SEV2')
      await expect(responder.getByText('Health of the affected services')).toBeVisible()

      // A second person follows along in another browser.
      const viewer = await signedInPage(browser, demo.viewer.email)
      await viewer.goto(url)
      // Right after a full load, React may hold a hidden copy of the streamed page until it reveals it: match what is shown.
      await expect(viewer.getByTestId('clock-ack').filter({ visible: true })).toHaveAttribute('data-state', /ok|due_soon/)
      await expect(viewer.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0)
      await expect(viewer.getByLabel('Add a note')).toHaveCount(0)

      await responder.getByRole('button', { name: 'Acknowledge' }).click()
      await expect(responder.getByText(/INC-\d+ acknowledged\./)).toBeVisible()
      await expect(viewer.getByTestId('timeline').locator('[data-kind="acknowledged"]')).toBeVisible({ timeout: 10_000 })
      await expect(viewer.getByTestId('clock-ack').filter({ visible: true })).toHaveAttribute('data-state', 'met')

      // Changes are pushed (app/api/events): while the header says Live, the viewer's timeline polls only every 5 minutes,
      // so a note that shows within a few seconds arrived by push.
      await expect(viewer.getByTestId('live-indicator')).toHaveText('Live')
      await expect(viewer.getByTestId('live-indicator')).toHaveAttribute('role', 'status')

      // Capture the note action as the responder sends it, for the forgery below.
      const sent = responder.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']))
      await responder.getByLabel('Add a note').fill('Tasks exit with code 1 right after start; rolling back is the next step.')
      await responder.getByRole('button', { name: 'Add note' }).click()
      const noteRequest = await sent
      await expect(viewer.getByTestId('timeline')).toContainText('rolling back is the next step', { timeout: 5_000 })

      await responder.getByRole('button', { name: 'Post update' }).click()
      await expect(responder.getByText(/Update posted to the timeline/)).toBeVisible()
      await expect(viewer.getByTestId('timeline').locator('[data-kind="update_posted"]')).toBeVisible({ timeout: 10_000 })

      await responder.getByRole('button', { name: 'Resolve' }).click()
      await responder.getByLabel('Resolution summary').fill('Rolled back to the previous task definition; tasks steady for 10 minutes.')
      await responder.getByRole('button', { name: 'Resolve incident' }).click()
      await expect(responder.getByText(/INC-\d+ is now Resolved\./)).toBeVisible()
      await expect(viewer.getByText('Resolution: Rolled back to the previous task definition')).toBeVisible({ timeout: 10_000 })

      // The viewer forges the note action with their own session: the server refuses.
      const forged = await viewer.request.post(url, {
        headers: {
          'next-action': noteRequest.headers()['next-action'],
          'content-type': noteRequest.headers()['content-type'] ?? 'text/plain;charset=UTF-8',
          accept: 'text/x-component',
        },
        data: (noteRequest.postData() ?? '').replace('rolling back is the next step', 'forged by a viewer'),
      })
      expect(await forged.text()).toContain('FORBIDDEN')
      await viewer.reload()
      await expect(viewer.getByTestId('timeline')).not.toContainText('forged by a viewer')

      // One incident despite the double click, listed as resolved.
      await responder.goto('/incidents?q=Orders+API+crash+looping')
      await expect(responder.getByRole('heading', { name: '1 incident' })).toBeVisible()
    } finally {
      await admin.goto('/admin/game-day')
      await admin.getByRole('button', { name: 'Clear all' }).click()
    }
  })

  test('a stale edit is refused with a clear conflict message', async ({ browser }) => {
    const a = await signedInPage(browser, demo.commander.email)
    await a.goto('/incidents/new')
    await a.getByLabel('Title').fill('Search latency above one second')
    await a.getByLabel('Impact').fill('Search is slow for some users')
    await a.getByRole('button', { name: /Declare SEV2 incident/ }).click()
    await expect(a).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/)
    const b = await signedInPage(browser, demo.responder.email)
    await b.goto(a.url())
    await b.route('**/api/incidents/**', (route) => route.abort()) // b stops seeing live changes
    await a.getByRole('button', { name: 'Move to Identified' }).click()
    await a.getByRole('button', { name: 'Confirm: Identified' }).click()
    await expect(a.getByText(/is now Identified/)).toBeVisible()
    await b.getByRole('button', { name: 'Move to Monitoring' }).click()
    await b.getByRole('button', { name: 'Confirm: Monitoring' }).click()
    await expect(b.getByText(/changed since you loaded it/)).toBeVisible()
  })
})
