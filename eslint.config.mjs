import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

// The import and configuration rules of ARCHITECTURE.md ("What ESLint enforces").
// Anything not checked here is convention, listed there under "What is convention only".
// scripts/lint-probes.test.ts proves each boundary fails on a breach.

// The data layer: the only code that may use the database client.
const dataLayer = ['lib/db/**', 'lib/audit/**', 'lib/*/queries.ts', 'lib/*/mutations.ts', 'lib/*/queries/**', 'lib/*/mutations/**', 'lib/*/worker.ts']
const tooling = [
  'scripts/**',
  'e2e/**',
  'prisma/**',
  'lib/testing/**',
  'lib/aws/testing.ts',
  '**/*.test.ts',
  'next.config.js',
  'lib/db/migrations.ts',
  'lib/db/embedded.ts',
]

const prisma = { group: ['@prisma/*', '**/db/generated/*', '@/lib/db/generated/*'], message: 'Only lib/db imports Prisma.' }
const relativeDb = { regex: '^\\.{1,2}/(.*/)?db/', message: 'Import the database through @/lib/db/..., never by a relative path.' }
const anyDb = {
  group: ['@/lib/db/*'],
  allowTypeImports: true,
  message: 'Only the data layer (lib/db, lib/audit, lib/<domain>/queries.ts and mutations.ts) uses lib/db. Call a domain query or mutation instead.',
}
const awsSdk = { group: ['@aws-sdk/*'], message: 'Only lib/aws imports the AWS SDK.' }
const simulator = {
  group: ['@/lib/simulator', '@/lib/simulator/*', '**/lib/simulator', '**/lib/simulator/*'],
  allowTypeImports: true,
  message: 'The simulator is a tool, not the app: only scripts, tests, e2e, the demo seed and lib/testing use it (lib/simulator/README.md).',
}
const restrict = (...patterns) => ['error', { patterns }]

const envSelectors = [
  {
    selector: "MemberExpression[object.object.name='process'][object.property.name='env'][property.name!='NODE_ENV']",
    message: 'Read configuration through lib/env.js (NODE_ENV is the exception).',
  },
  {
    selector: ":matches(SpreadElement, VariableDeclarator, CallExpression) > MemberExpression[object.name='process'][property.name='env']",
    message: 'Read configuration through lib/env.js.',
  },
]
const inlineServerAction = {
  selector: ':function > BlockStatement > ExpressionStatement[directive="use server"]',
  message: "Inline server actions are public endpoints the role-matrix test cannot see: put them in an app/**/actions.ts file with 'use server' at the top.",
}
const serverFileOutsideApp = {
  selector: 'Program > ExpressionStatement[directive="use server"]',
  message: "'use server' files are public endpoints: they live in app/**/actions.ts only.",
}

// A 'use client' module runs in the browser: it must not import a domain's queries or mutations
// (server code), except `import type`.
const clientBoundary = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    let client = false
    return {
      Program(node) {
        client = node.body.some((s) => s.type === 'ExpressionStatement' && s.directive === 'use client')
      },
      ImportDeclaration(node) {
        if (!client || node.importKind === 'type') return
        const source = String(node.source.value)
        if (/(^|\/)lib\/[^/]+\/(queries|mutations)(\/|$)/.test(source) || /^\.{1,2}\/(.*\/)?(queries|mutations)(\/|$)/.test(source)) {
          context.report({ node, message: `A 'use client' module cannot import server code (${source}); pass data as props or call a server action.` })
        }
      },
    }
  },
}

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', 'node_modules/**', 'lib/db/generated/**', '.data/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'scratch/**'],
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { boundaries: { rules: { 'client-imports': clientBoundary } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': restrict(prisma, relativeDb, anyDb, awsSdk, simulator),
      'no-restricted-syntax': ['error', ...envSelectors, inlineServerAction, serverFileOutsideApp],
      'boundaries/client-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['app/**'],
    rules: { 'no-restricted-syntax': ['error', ...envSelectors, inlineServerAction] },
  },
  {
    // No source file over 400 lines: split along the domain's seams (tests and catalog data aside).
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', 'lib/runbooks/catalog/**', 'lib/db/generated/**'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    files: dataLayer,
    rules: { 'no-restricted-imports': restrict({ ...prisma, allowTypeImports: true }, relativeDb, awsSdk, simulator) },
  },
  {
    files: ['lib/db/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['lib/aws/**'],
    rules: {
      'no-restricted-imports': restrict(
        prisma,
        relativeDb,
        { group: ['@/lib/db/*'], allowTypeImports: true, message: 'lib/aws never uses the database.' },
        simulator,
      ),
    },
  },
  {
    // The liveness probe asks the database itself, outside any domain.
    files: ['app/api/health/route.ts'],
    rules: { 'no-restricted-imports': restrict(prisma, relativeDb, awsSdk, simulator) },
  },
  {
    // Where process.env is allowed: the env module, NODE_ENV checks, and tooling.
    files: [
      'lib/env.js',
      'lib/db/embedded.ts',
      'next.config.js',
      'scripts/**',
      'e2e/**',
      'lib/testing/**',
      'playwright.config.ts',
      'vitest.config.ts',
      '**/*.test.ts',
      'prisma/**',
    ],
    rules: { 'no-restricted-syntax': ['error', inlineServerAction, serverFileOutsideApp] },
  },
  {
    // Tooling, seeds and tests talk to the database and print.
    files: tooling,
    rules: { 'no-restricted-imports': 'off', 'no-console': 'off' },
  },
]

export default config
