import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

// The import and configuration rules of ARCHITECTURE.md ("What ESLint enforces today").
// Anything not checked here is convention, listed there under "What is convention only".
const onlyDbImportsPrisma = {
  patterns: [{ group: ['@prisma/*', '**/db/generated/*', '@/lib/db/generated/*'], message: 'Only lib/db imports Prisma.' }],
}
const dbLayer = {
  paths: [{ name: '@/lib/db/client', message: 'Only lib/db, lib/audit and lib/<domain>/{queries,mutations}.ts use the database.' }],
  patterns: onlyDbImportsPrisma.patterns,
}
const awsOnlyInLibAws = {
  patterns: [{ group: ['@aws-sdk/*'], message: 'Only lib/aws imports the AWS SDK.' }],
}
const merge = (...sets) => ({ paths: sets.flatMap((s) => s.paths ?? []), patterns: sets.flatMap((s) => s.patterns) })

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', 'node_modules/**', 'lib/db/generated/**', '.data/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'],
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', merge(dbLayer, awsOnlyInLibAws)],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.object.name='process'][object.property.name='env'][property.name!='NODE_ENV']",
          message: 'Read configuration through lib/env.js (NODE_ENV is the exception).',
        },
        {
          selector: ":matches(SpreadElement, VariableDeclarator, CallExpression) > MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through lib/env.js.',
        },
      ],
      'no-console': 'error',
    },
  },
  {
    // The data layer itself.
    files: ['lib/db/**', 'lib/audit/**', 'lib/*/queries.ts', 'lib/*/mutations.ts'],
    rules: { 'no-restricted-imports': ['error', merge(awsOnlyInLibAws)] },
  },
  {
    files: ['lib/db/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['lib/aws/**'],
    rules: { 'no-restricted-imports': ['error', dbLayer] },
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
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Tooling, seeds and tests talk to the database and print.
    files: ['scripts/**', 'e2e/**', 'prisma/**', 'lib/testing/**', '**/*.test.ts', 'next.config.js', 'lib/db/migrations.ts', 'lib/db/embedded.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-console': 'off' },
  },
]

export default config
