// Alerts in, through the browser and HTTP: an admin makes a webhook integration, copies its
// token (shown once), an alert posted with it lands on an incident's timeline, and the
// payload is listed with its outcome. Screenshots at 1280 and 390 px.
import { expect, test } from '@playwright/test'
import { demo, signIn } from './fixtures'

test('an admin makes an integration, an alert comes in with its token, and the payload shows as accepted', async ({ page, request }) => {
  await signIn(page, demo.admin.email)
  await page.goto('/admin/alerts')
  await expect(page.getByRole('heading', { name: 'Alert integrations' })).toBeVisible()
  const name = `e2e webhook ${Date.now().toString(36)}`
  await page.getByLabel('Source').selectOption('WEBHOOK')
  await page.getByLabel('Name').fill(name)
  await page.getByRole('button', { name: 'Create' }).click()
  const token = (await page.getByRole('region', { name: `Command: token for ${name}` }).textContent())!.trim()
  expect(token.length).toBeGreaterThan(30)

  expect((await request.post('/api/alerts/webhook', { data: { title: 'x' }, headers: { authorization: 'Bearer wrong' } })).status()).toBe(401)
  const res = await request.post('/api/alerts/webhook', {
    headers: { authorization: `Bearer ${token}` },
    data: {
      title: 'orders-api down (e2e)',
      status: 'firing',
      severity: 'critical',
      category: 'service_down',
      service: 'orders-api',
      cluster: 'shop-prod',
      reason: '0/3 tasks healthy',
    },
  })
  expect(res.status()).toBe(200)
  const body = await res.json()
  const incidentId: string = body.alerts[0].incidentId
  expect(incidentId).toBeTruthy()

  await page.goto(`/incidents/${incidentId}`)
  await expect(page.getByText('Alert: orders-api down (e2e) — 0/3 tasks healthy').first()).toBeVisible()

  await page.goto('/admin/alerts')
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) })
  await card.getByText('Last payloads').click()
  await expect(card.getByText('accepted', { exact: true })).toBeVisible()
  await card.getByText('Setup instructions').click()
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.screenshot({ path: 'test-results/admin-alerts-1280.png', fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: 'test-results/admin-alerts-390.png', fullPage: true })

  // A warning waits in the inbox: acknowledged from there.
  const warning = await request.post('/api/alerts/webhook', {
    headers: { authorization: `Bearer ${token}` },
    data: { title: 'catalog-api latency high (e2e)', severity: 'warning', service: 'catalog-api', cluster: 'shop-prod', reason: 'p99 above 1 s' },
  })
  expect((await warning.json()).alerts[0].routed).toBe('inbox')
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto('/alerts')
  const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'catalog-api latency high (e2e)' }) })
  await row.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(row.getByText(/acknowledged by Ada Admin/)).toBeVisible()
  await page.screenshot({ path: 'test-results/alerts-inbox-1280.png', fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: 'test-results/alerts-inbox-390.png', fullPage: true })

  // The incident the alert declared is resolved, so later specs find orders-api without one.
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto(`/incidents/${incidentId}`)
  await page.getByRole('button', { name: 'Resolve' }).click()
  await page.getByLabel('Resolution summary').fill('Declared by the alerts test; nothing was wrong.')
  await page.getByRole('button', { name: 'Resolve incident' }).click()
  await expect(page.getByText(/INC-\d+ is now Resolved\./)).toBeVisible()

  // Its post-mortem says how the problem was found: from the alert that declared it.
  await page.getByRole('link', { name: 'Post-mortem →' }).click()
  await expect(page.getByTestId('facts')).toContainText('orders-api down (e2e)')
  await page.getByRole('button', { name: 'Start the post-mortem' }).click()
  await expect(page.getByRole('textbox', { name: 'Detection', exact: true })).toHaveValue(
    /First alert: orders-api down \(e2e\) \(webhook\) at \d{4}-\d\d-\d\d \d\d:\d\d UTC, .+: 0\/3 tasks healthy/,
  )
  await page
    .getByTestId('facts')
    .getByText(/^Alerts \(1\)$/)
    .click()
  await page.screenshot({ path: 'test-results/postmortem-alert-1280.png', fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: 'test-results/postmortem-alert-390.png', fullPage: true })
})
