import { expect } from '@playwright/test'
import { demo, signedInPage, test } from './fixtures'

test.describe('approvals nobody can miss', () => {
  test('a request waiting for a second person shows in the navigation and on the board and incident pages; the approver sees the full change and the answer stays', async ({
    browser,
  }) => {
    test.setTimeout(150_000)
    const responder = await signedInPage(browser, demo.responder.email)
    await responder.goto('/incidents/new')
    await responder.getByLabel('Title').fill(`Inventory worker over-provisioned ${Date.now().toString(36)}`)
    await responder.getByLabel('Impact').fill('No user impact; cost only')
    await responder.getByRole('checkbox', { name: /inventory-worker shop-prod/ }).check()
    await responder.getByLabel('Some users, but no more than half, are affected').check()
    await responder.getByRole('button', { name: /Declare SEV\d incident/ }).click()
    // An earlier run may have left inventory-worker with an open incident: declare anyway.
    const anyway = responder.getByRole('button', { name: /Declare anyway/ })
    await expect(anyway.or(responder.getByRole('heading', { name: 'Timeline' }))).toBeVisible({ timeout: 30_000 })
    if (await anyway.isVisible()) await anyway.click()
    await expect(responder).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/)
    const incidentUrl = responder.url()

    // Scaling a production service down by more than half waits for a commander.
    await responder
      .getByTestId('affected-inventory-worker')
      .getByRole('link', { name: /inventory-worker/ })
      .click()
    // 4 tasks in the demo fleet; an earlier run may have left 1 (then 0 is the destructive change).
    await expect(responder.getByTestId('count-desired')).toHaveText(/^\d+$/, { timeout: 30_000 })
    const desired = Number(await responder.getByTestId('count-desired').textContent())
    const target = desired >= 3 ? 1 : 0
    const warning = target ? 'This removes more than half of the running capacity.' : 'Scaling to zero stops every task'
    await responder.getByRole('button', { name: 'Scale…' }).click()
    await responder.getByLabel('New desired task count').fill(String(target))
    await expect(responder.getByTestId('remediation-preview')).toContainText(warning, { timeout: 30_000 })
    await responder.getByLabel('Reason', { exact: true }).fill('over-provisioned after the sale')
    const override = responder.getByLabel('Reason to act now anyway')
    if (await override.count()) await override.fill('repeating the test run')
    await responder.getByLabel(/Type inventory-worker to confirm/).fill('inventory-worker')
    await responder.getByRole('button', { name: 'Request approval' }).click()
    await expect(responder.getByTestId('remediation-status').first()).toHaveText('waiting for approval', { timeout: 30_000 })

    // A commander sees it wherever they are.
    const commander = await signedInPage(browser, demo.commander.email)
    await expect(commander.getByTestId('nav-pending-approvals')).toBeVisible({ timeout: 15_000 })
    const banner = commander.getByTestId('pending-approvals-banner')
    await expect(banner).toContainText('inventory-worker (shop-prod)')
    await expect(banner).toContainText('asked by Rafael Responder')
    await commander.goto(incidentUrl)
    await expect(commander.getByTestId('pending-approvals-banner')).toContainText('inventory-worker (shop-prod)')
    // On a phone the navigation scrolls sideways; the count stays in the header, inside the screen.
    await commander.setViewportSize({ width: 390, height: 844 })
    await commander
      .getByRole('navigation', { name: 'Main' })
      .getByRole('list')
      .evaluate((ul) => ul.scrollTo({ left: ul.scrollWidth }))
    const onPhone = commander.getByTestId('header-pending-approvals')
    await expect(onPhone).toBeInViewport({ ratio: 1 })
    await expect(onPhone).toHaveText(/^\d+ waiting for approval$/)
    await expect(commander.getByTestId('nav-pending-approvals')).toBeHidden()
    await commander.setViewportSize({ width: 1280, height: 720 })
    // The requester's own request is not theirs to approve, and says so.
    await responder.goto('/services')
    await expect(responder.getByTestId('pending-approvals-banner')).toHaveCount(0)

    // The link opens the request with the full change the requester saw.
    await commander
      .getByTestId('pending-approvals-banner')
      .getByRole('link', { name: /Review and approve Scale inventory-worker/ })
      .first()
      .click()
    await expect(commander).toHaveURL(/\/remediations#remediation-[0-9a-f-]{36}$/)
    const id = new URL(commander.url()).hash.slice('#remediation-'.length)
    const request = commander.getByRole('region', { name: 'Waiting for approval' }).getByTestId(`remediation-${id}`)
    const preview = request.getByTestId('approval-preview')
    await expect(preview).toContainText('desired tasks')
    await expect(preview).toContainText(warning)
    await expect(preview).toContainText(/Expires at \d\d:\d\d UTC/)

    await request.getByRole('button', { name: 'Approve and run' }).click()
    await expect(request.getByTestId('decision-message')).toHaveText('Approved: running now.')
    await expect(request.getByTestId('remediation-status')).toHaveText(/approved|running|done/)
    // Still there after the list has refreshed without it (it refreshes every 4 s).
    await commander.waitForTimeout(5_000)
    await expect(request.getByTestId('decision-message')).toHaveText('Approved: running now.')
    await expect(request.getByText(/approved by Chloe Commander/)).toBeVisible()

    // On the incident's timeline, requests and outcomes look different and link to their request.
    await commander.goto(incidentUrl)
    const timeline = commander.getByTestId('timeline')
    await expect(timeline.locator('[data-kind="remediation"][data-tone="success"]')).toContainText('succeeded', { timeout: 60_000 })
    const approved = timeline.locator('[data-kind="remediation"][data-tone="request"]').filter({ hasText: 'Approved by Chloe Commander' })
    await approved.getByRole('link', { name: 'See the request →' }).click()
    await expect(commander).toHaveURL(new RegExp(`#remediation-${id}$`))
    await expect(commander.getByTestId(`remediation-${id}`)).toBeInViewport()
  })
})
