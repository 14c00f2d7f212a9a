import { expect, type Browser, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'incident-demo'

export const demo = {
  viewer: { email: 'viewer@example.com', name: 'Vera Viewer', role: 'Viewer' },
  responder: { email: 'responder@example.com', name: 'Rafael Responder', role: 'Responder' },
  commander: { email: 'commander@example.com', name: 'Chloe Commander', role: 'Incident commander' },
  admin: { email: 'admin@example.com', name: 'Ada Admin', role: 'Admin' },
} as const

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/services$/)
}

/** A separate browser context (its own cookies) signed in as `email`. */
export async function signedInPage(browser: Browser, email: string, password = DEMO_PASSWORD) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signIn(page, email, password)
  return page
}

/** An email no earlier run (or retry) has used, for users a test creates. */
export function uniqueEmail(name: string) {
  return `${name}.${Date.now().toString(36)}@example.com`
}
