import { expect } from '@playwright/test'
import { demo, signIn, test } from './fixtures'

// Bad input gets a clear 4xx before any handler reads it, never an internal error.
test.describe('bad input', () => {
  const big = 'x'.repeat(1024 * 1024 + 1024) // a little over 1 MB

  test('a body over 1 MB gets 413, to a server action and to a route handler alike', async ({ page }) => {
    await signIn(page, demo.responder.email)
    const action = await page.request.post('/incidents/new', {
      headers: { 'Next-Action': '7f00000000000000000000000000000000000000aa', 'Content-Type': 'text/plain;charset=UTF-8' },
      data: big,
    })
    expect(action.status()).toBe(413)
    expect((await action.json()).error).toContain('limit')
    const handler = await page.request.post('/api/sign-out', { headers: { 'Content-Type': 'application/json' }, data: `{"x":"${big}"}` })
    expect(handler.status()).toBe(413)
  })

  test('a NUL character in the address gets 400, for a page and a route handler', async ({ page }) => {
    await signIn(page, demo.admin.email)
    expect((await page.request.get('/audit?actor=a%00b')).status()).toBe(400)
    expect((await page.request.get('/api/audit/export?actor=a%00b')).status()).toBe(400)
    // A request that calls itself a prefetch is checked all the same.
    expect((await page.request.get('/audit?actor=a%00b', { headers: { 'next-router-prefetch': '1' } })).status()).toBe(400)
    expect((await page.request.get('/audit?actor=a%00b', { headers: { purpose: 'prefetch' } })).status()).toBe(400)
    expect((await page.request.get('/audit?actor=ada')).status()).toBe(200)
  })

  test('a viewer opening the declare page gets a real 403', async ({ page }) => {
    await signIn(page, demo.viewer.email)
    const res = await page.goto('/incidents/new')
    expect(res?.status()).toBe(403)
    await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Declare an incident' })).toHaveCount(0)
    // The list keeps working for the viewer.
    expect((await page.goto('/incidents'))?.status()).toBe(200)
  })
})
