// Generates the Prisma client into lib/db/generated without Prisma's downloaded
// engines: `prisma generate` only needs some executable named as the schema
// engine, so we point it at a stub that refuses to run.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const cli = join(root, 'node_modules', 'prisma', 'build', 'index.js')
if (!existsSync(cli)) {
  console.error('prisma is not installed: run `npm install` first')
  process.exit(1)
}

// A folder of this run's own: a fixed shared path would belong to whoever made it first.
const stubDir = mkdtempSync(join(tmpdir(), 'incident-command-prisma-'))
const stub = join(stubDir, 'schema-engine-stub')
writeFileSync(stub, '#!/bin/sh\necho "schema engine stub: migrations run through scripts/migrate.ts" >&2\nexit 1\n')
chmodSync(stub, 0o755)

const result = spawnSync(process.execPath, [cli, 'generate'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: stub,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
})
rmSync(stubDir, { recursive: true, force: true })
process.exit(result.status ?? 1)
