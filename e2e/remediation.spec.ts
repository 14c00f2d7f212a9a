import { expect, type Page } from '@playwright/test'
import { demo, signedInPage, test } from './fixtures'

/** A retry runs right after the first attempt changed the same service: say why we act again. */
async function overrideCooldownIfAsked(page: Page) {
  const override = page.getByLabel('Reason to act now anyway')
  if (await override.count()) await override.fill('repeating the test run')
}

test.describe('guarded remediation', () => {
  test('a responder scales a prod service during an incident; a rollback waits for a commander who approves it; the audit page tells the story', async ({
    browser,
  }) => {
    test.setTimeout(150_000)
    const responder = await signedInPage(browser, demo.responder.email)
    await responder.goto('/incidents/new')
    await responder.getByLabel('Title').fill('Catalog and payments slow during the sale')
    await responder.getByLabel('Impact').fill('Some product pages and payments take seconds')
    await responder.getByRole('checkbox', { name: /catalog-api shop-prod/ }).check()
    await responder.getByRole('checkbox', { name: /payments-api shop-prod/ }).check()
    await responder.getByRole('button', { name: /Declare SEV2 incident/ }).click()
    await expect(responder).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/)
    const incidentUrl = responder.url()

    // Scale catalog-api to 8 from its service page.
    await responder
      .getByTestId('affected-catalog-api')
      .getByRole('link', { name: /catalog-api/ })
      .click()
    await expect(responder.getByRole('heading', { name: 'catalog-api' })).toBeVisible()
    await responder.getByRole('button', { name: 'Scale…' }).click()
    await responder.getByLabel('New desired task count').fill('8')
    const preview = responder.getByTestId('remediation-preview')
    await expect(preview).toContainText(/desired \d+ → 8 on catalog-api in prod/)
    await responder.getByLabel('Reason', { exact: true }).fill('more capacity for the sale')
    await overrideCooldownIfAsked(responder)
    const run = responder.getByRole('button', { name: /^Run: desired/ })
    await run.click()
    await expect(responder.getByText('Type catalog-api exactly')).toBeVisible()
    await responder.getByLabel(/Type catalog-api to confirm/).fill('catalog-api')
    await run.click()
    await expect(responder.getByTestId('remediation-status').first()).toHaveText(/running|done/)
    await expect(responder.getByTestId('remediation-status').first()).toHaveText('done: service steady', { timeout: 90_000 })

    // Ask for a rollback of payments-api: it needs a second person.
    await responder.goto(incidentUrl)
    await expect(responder.getByTestId('timeline')).toContainText(/Steady: catalog-api runs 8\/8 tasks/)
    await responder
      .getByTestId('affected-payments-api')
      .getByRole('link', { name: /payments-api/ })
      .click()
    await responder.getByRole('button', { name: 'Roll back…' }).click()
    await expect(responder.getByTestId('remediation-preview')).toContainText('Database migrations')
    await responder.getByLabel('Reason', { exact: true }).fill('the new release times out on payments')
    await overrideCooldownIfAsked(responder)
    await responder.getByLabel(/Type payments-api to confirm/).fill('payments-api')
    await responder.getByRole('button', { name: 'Request approval' }).click()
    await expect(responder.getByTestId('remediation-status').first()).toHaveText('waiting for approval')

    const commander = await signedInPage(browser, demo.commander.email)
    await commander.goto(incidentUrl)
    const remediation = commander.getByRole('region', { name: 'Remediation' })
    await expect(remediation.getByText('waiting for approval')).toBeVisible()
    await remediation.getByRole('button', { name: 'Approve and run' }).click()
    await expect(remediation.getByText(/approved by Chloe Commander/)).toBeVisible()
    await expect(remediation.getByTestId('remediation-status').first()).toHaveText(/running|done/)
    await expect(responder.getByTestId('remediation-status').first()).toHaveText(/running|done/, { timeout: 20_000 })

    await commander.goto('/audit?action=ecs.service.scale')
    await expect(commander.getByTestId('audit-ecs.service.scale').first()).toContainText('responder@example.com')
    await expect(commander.getByTestId('audit-ecs.service.scale').first()).toContainText('SUCCEEDED')
    await expect(commander.getByTestId('audit-ecs.service.scale').first()).toContainText('catalog-api')
    await commander.goto('/audit?action=remediation.request.approve')
    await expect(commander.getByTestId('audit-remediation.request.approve').first()).toContainText('commander@example.com')
    await commander.goto('/audit')
    await commander.getByRole('button', { name: 'Verify chain' }).click()
    await expect(commander.getByText(/Chain intact: \d+ events verified/)).toBeVisible()
    const csv = await commander.request.get('/api/audit/export?action=ecs.service.scale')
    expect(csv.headers()['content-type']).toContain('text/csv')
    expect(await csv.text()).toContain('"ecs.service.scale","SUCCEEDED"')
  })

  test('a viewer sees no fix-it buttons and the preview API refuses them', async ({ browser }) => {
    const viewer = await signedInPage(browser, demo.viewer.email)
    await viewer.getByTestId('service-row-shop-prod-orders-api').last().getByRole('link', { name: 'orders-api', exact: true }).click()
    await expect(viewer.getByText('Your role can watch but not change services.')).toBeVisible()
    const id = viewer.url().split('/').pop()
    expect((await viewer.request.get(`/api/services/${id}/remediation-preview?kind=FORCE_NEW_DEPLOYMENT`)).status()).toBe(403)
  })
})
