// Alerts in, through the browser and HTTP: an admin makes a webhook integration, copies its
// token (shown once), an alert posted with it lands on an incident's timeline, and the
// payload is listed with its outcome. Then game day with nobody clicking: a crash loop
// reaches the app through the simulator's SNS and declares its incident. Screenshots at 1280 and 390 px.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from '@playwright/test'
import { demo, signIn, test } from './fixtures'

test('an admin makes an integration, an alert comes in with its token, and the payload shows as accepted', async ({ page, request }) => {
  await signIn(page, demo.admin.email)
  await page.goto('/admin/alerts')
  await expect(page.getByRole('heading', { name: 'Alert integrations' })).toBeVisible()
  // Alerts are kept by title across runs: this attempt's own titles, so a retry against the same
  // database meets fresh alerts, not the ones the first attempt already acknowledged.
  const run = Date.now().toString(36)
  const name = `e2e webhook ${run}`
  const down = `orders-api down (e2e ${run})`
  const slow = `catalog-api latency high (e2e ${run})`
  await page.getByLabel('Source').selectOption('WEBHOOK')
  await page.getByLabel('Name').fill(name)
  await page.getByRole('button', { name: 'Create' }).click()
  const token = (await page.getByRole('region', { name: `Command: token for ${name}` }).textContent())!.trim()
  expect(token.length).toBeGreaterThan(30)

  expect((await request.post('/api/alerts/webhook', { data: { title: 'x' }, headers: { authorization: 'Bearer wrong' } })).status()).toBe(401)
  const res = await request.post('/api/alerts/webhook', {
    headers: { authorization: `Bearer ${token}` },
    data: {
      title: down,
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
  await expect(page.getByText(`Alert: ${down} — 0/3 tasks healthy`).first()).toBeVisible()

  await page.goto('/admin/alerts')
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) })
  await card.getByText('Last payloads').click()
  await expect(card.getByText('accepted', { exact: true })).toBeVisible()
  await card.getByText('Setup instructions').click()
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.screenshot({ path: 'test-results/admin-alerts-1280.png', fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: 'test-results/admin-alerts-390.png', fullPage: true })

  // A warning waits in the inbox: it appears in an inbox already open (pushed, no reload) and is acknowledged from there.
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto('/alerts')
  await expect(page.getByTestId('live-indicator')).toHaveText('Live')
  const warning = await request.post('/api/alerts/webhook', {
    headers: { authorization: `Bearer ${token}` },
    data: { title: slow, severity: 'warning', service: 'catalog-api', cluster: 'shop-prod', reason: 'p99 above 1 s' },
  })
  expect((await warning.json()).alerts[0].routed).toBe('inbox')
  const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: slow }) })
  await expect(row).toBeVisible({ timeout: 10_000 })
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
  // A first attempt that failed before resolving left its incident open, and this attempt's alert joined it:
  // the first alert may then be that attempt's.
  await expect(page.getByTestId('facts')).toContainText(down)
  await page.getByRole('button', { name: 'Start the post-mortem' }).click()
  await expect(page.getByRole('textbox', { name: 'Detection', exact: true })).toHaveValue(
    /First alert: orders-api down \(e2e [0-9a-z]+\) \(webhook\) at \d{4}-\d\d-\d\d \d\d:\d\d UTC, .+: 0\/3 tasks healthy/,
  )
  await page
    .getByTestId('facts')
    .getByText(/^Alerts \(\d+\)$/)
    .click()
  await page.screenshot({ path: 'test-results/postmortem-alert-1280.png', fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: 'test-results/postmortem-alert-390.png', fullPage: true })
})

test('a crash loop injected on game day declares its incident through simulated SNS, runbook started, and its alarm resolves on recovery', async ({
  page,
  request,
  baseURL,
}) => {
  const sim = (JSON.parse(readFileSync(join(process.env.E2E_DATA_DIR ?? '.data/e2e', 'simulator.json'), 'utf8')) as { url: string }).url
  // npm start subscribes the app itself; this suite's launcher leaves that to this test (AWS_SIMULATOR_ALERTS=0).
  const subscribed = await request.post(`${sim}/_sim/sns/subscribe`, { data: { cluster: 'shop-prod', endpoint: `${baseURL}/api/alerts/sns` } })
  expect(subscribed.status()).toBe(201)
  const statuses = async () =>
    ((await (await request.get(`${sim}/_sim/sns`)).json()) as { subscriptions: { status: string }[] }).subscriptions.map((s) => s.status)
  // The app confirmed it with its own handshake: the simulator's SubscribeURL, trusted in simulated mode.
  await expect.poll(statuses).toEqual(['confirmed'])
  // Simulated minutes pass in seconds (only for the recovery: the failure itself is backdated).
  const minutes = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await request.post(`${sim}/_sim/clock`, { data: { advanceMs: 60_000 } })
      await page.waitForTimeout(700)
    }
  }
  try {
    await signIn(page, demo.admin.email)
    await page.goto('/admin/game-day')
    await page.getByLabel('Service').selectOption({ label: 'notifications-worker · shop-prod' })
    await page.getByLabel('Failure').selectOption('crash_loop')
    // Begun 10 minutes ago: the simulator replays those minutes, so its alarm fires at once.
    await page.getByLabel('Began').selectOption('10')
    await page.getByRole('button', { name: 'Inject failure' }).click()
    await expect(page.getByText('Crash loop injected into notifications-worker (shop-prod), as if it began 10 minutes ago.')).toBeVisible()

    // From here on, only watching: the board shows the incident the alerts declared.
    await page.goto('/services')
    const open = page.getByTestId('service-row-shop-prod-notifications-worker').first().getByTestId('open-incidents')
    await expect(open.getByRole('link', { name: /INC-\d+ open/ })).toBeVisible({ timeout: 15_000 })
    await open.getByRole('link', { name: /INC-\d+ open/ }).click()
    await expect(page.getByRole('heading', { name: /^Crash loop: notifications-worker on shop-prod \(\d+ tasks stopped\)$/ })).toBeVisible()
    await expect(page.getByTestId('runbook-run-crash-loop')).toBeVisible()
    // Nobody was made commander: the role says so instead of showing the first person as chosen.
    await expect(page.getByLabel('Incident commander')).toHaveValue('')
    const timeline = page.getByTestId('timeline')
    await expect(timeline).toContainText('Alert: ECS task stopped: notifications-worker on shop-prod — Essential container in task exited')
    await expect(timeline).toContainText('Alert: CloudWatch alarm: shop-prod-notifications-worker-no-running-tasks — Threshold Crossed')

    // The service recovers: the alarm returns to OK and its alert resolves on the timeline.
    await request.delete(`${sim}/_sim/scenarios?cluster=shop-prod&service=notifications-worker`)
    // A task starts within 35 s; the alarm (Minimum) returns to OK after a whole minute with it running.
    await minutes(3)
    await expect(timeline).toContainText('Alert resolved: CloudWatch alarm: shop-prod-notifications-worker-no-running-tasks', { timeout: 15_000 })
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.screenshot({ path: 'test-results/auto-declared-incident-1280.png', fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: 'test-results/auto-declared-incident-390.png', fullPage: true })

    // Resolved, so later specs find notifications-worker without an open incident.
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.getByRole('button', { name: 'Resolve' }).click()
    await page.getByLabel('Resolution summary').fill('Declared from simulated SNS by the alerts test.')
    await page.getByRole('button', { name: 'Resolve incident' }).click()
    await expect(page.getByText(/INC-\d+ is now Resolved\./)).toBeVisible()
  } finally {
    await request.delete(`${sim}/_sim/sns/subscriptions`)
    await request.delete(`${sim}/_sim/scenarios?cluster=shop-prod&service=notifications-worker`)
  }
})
