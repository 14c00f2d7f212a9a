import { defineConfig, devices } from '@playwright/test'

// End-to-end tests drive Debian's Chromium against the built app, started by the
// same launcher as `npm start`, on its own port and its own fresh database
// (scripts/test.ts prepares E2E_DATA_DIR or E2E_DATABASE_URL).
const port = Number(process.env.E2E_PORT ?? 3100)
const baseURL = `http://localhost:${port}`
// A real OpenID provider (e2e/idp/server.ts) on idpPort, its test controls on idpPort + 1.
const idpPort = Number(process.env.E2E_IDP_PORT ?? port + 150)

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    baseURL,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: [
    {
      command: 'node_modules/.bin/tsx e2e/idp/server.ts',
      url: `http://localhost:${idpPort + 1}/health`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { IDP_PORT: String(idpPort), IDP_APP_URL: baseURL },
    },
    {
      command: 'node --import tsx scripts/start.ts',
      url: `${baseURL}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      env: {
        PORT: String(port),
        DATA_DIR: process.env.E2E_DATA_DIR ?? '.data/e2e',
        ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
        SEED_DEMO: '1',
        // The launcher makes the simulator's SNS integration but leaves subscribing to the one test
        // that wants alarms to come in (e2e/alerts.spec.ts), so other specs' crash loops declare nothing.
        AWS_SIMULATOR_ALERTS: '0',
        NEXTAUTH_SECRET: 'e2e-secret-0123456789abcdefghijklmnop',
        NEXTAUTH_URL: baseURL,
        NEXT_TELEMETRY_DISABLED: '1',
        LOG_LEVEL: 'warn',
        AUTH_OIDC_ISSUER: `http://localhost:${idpPort}`,
        AUTH_OIDC_CLIENT_ID: 'incident-command',
        AUTH_OIDC_CLIENT_SECRET: 'e2e-client-secret-0123456789',
        AUTH_OIDC_NAME: 'Test IdP',
        AUTH_OIDC_SCOPES: 'openid email profile groups',
        AUTH_OIDC_TIMEOUT_MS: '2000',
        // As behind one proxy: a test can give a browser its own address (x-forwarded-for) for the sign-in throttle.
        AUTH_TRUSTED_PROXIES: '1',
      },
    },
  ],
})
