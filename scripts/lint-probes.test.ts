// Each architecture boundary of ARCHITECTURE.md is checked by `npm run lint`; these
// probes prove it: a breach fails with the boundary's message, and the allowed form
// next to it passes. The files are linted in memory under the path they would have.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ESLint } from 'eslint'
import * as prettier from 'prettier'
import { beforeAll, describe, expect, it } from 'vitest'

const root = join(__dirname, '..')
const eslint = new ESLint({ cwd: root })

async function messages(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) })
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

const breaches: [string, string, string, RegExp][] = [
  [
    'a relative import of the database client',
    'components/probe/panel.tsx',
    "import { db } from '../../lib/db/client'\nexport const x = db\n",
    /never by a relative path/,
  ],
  [
    'a relative import of the client inside a domain',
    'lib/incidents/probe.ts',
    "import { db } from '../db/client'\nexport const x = db\n",
    /never by a relative path/,
  ],
  ['the client outside the data layer', 'lib/health/probe.ts', "import { db } from '@/lib/db/client'\nexport const x = db\n", /Only the data layer/],
  [
    'another lib/db module from a page',
    'app/(console)/probe/page.tsx',
    "import { createSharedCache } from '@/lib/db/shared-cache'\nexport const x = createSharedCache\n",
    /Only the data layer/,
  ],
  [
    'another lib/db module from a component',
    'components/probe/panel.tsx',
    "import { checkDatabase } from '@/lib/db/health'\nexport const x = checkDatabase\n",
    /Only the data layer/,
  ],
  [
    "'use server' outside app/",
    'lib/incidents/probe-actions.ts',
    "'use server'\nexport async function probeAction() {}\n",
    /live in app\/\*\*\/actions\.ts only/,
  ],
  [
    'an inline server action',
    'app/(console)/probe/page.tsx',
    "export default function Page() {\n  async function go() {\n    'use server'\n  }\n  return go\n}\n",
    /Inline server actions/,
  ],
  [
    "a 'use client' module importing queries",
    'components/probe/panel.tsx',
    "'use client'\nimport { listIncidents } from '@/lib/incidents/queries'\nexport const x = listIncidents\n",
    /cannot import server code/,
  ],
  [
    "a 'use client' module importing mutations",
    'components/probe/panel.tsx',
    "'use client'\nimport { addNote } from '@/lib/incidents/mutations'\nexport const x = addNote\n",
    /cannot import server code/,
  ],
  [
    'the simulator from app code',
    'lib/gameday/probe.ts',
    "import { demoFleet } from '@/lib/simulator'\nexport const x = demoFleet\n",
    /The simulator is a tool/,
  ],
  [
    'the simulator from lib/aws',
    'lib/aws/probe.ts',
    "import { startSimulator } from '@/lib/simulator'\nexport const x = startSimulator\n",
    /The simulator is a tool/,
  ],
  [
    'the AWS SDK outside lib/aws',
    'lib/health/probe.ts',
    "import { ECSClient } from '@aws-sdk/client-ecs'\nexport const x = ECSClient\n",
    /Only lib\/aws imports the AWS SDK/,
  ],
  [
    'Prisma outside lib/db',
    'components/probe/panel.tsx',
    "import { Prisma } from '@/lib/db/generated/client'\nexport const x = Prisma\n",
    /Only lib\/db imports Prisma/,
  ],
  ['process.env outside lib/env.js', 'lib/health/probe.ts', 'export const x = process.env.SECRET\n', /lib\/env\.js/],
  [
    'a source file over 400 lines',
    'lib/health/probe.ts',
    Array.from({ length: 401 }, (_, i) => `export const x${i} = ${i}`).join('\n') + '\n',
    /too many lines/,
  ],
]

const allowed: [string, string, string][] = [
  ['the simulator in a script', 'scripts/probe.ts', "import { startSimulator } from '../lib/simulator'\nexport const x = startSimulator\n"],
  ['the client in a domain query', 'lib/incidents/queries.ts', "import { db } from '@/lib/db/client'\nexport const x = db\n"],
  [
    'the shared cache in the data layer',
    'lib/runbooks/mutations.ts',
    "import { createSharedCache } from '@/lib/db/shared-cache'\nexport const x = createSharedCache\n",
  ],
  ['a type from lib/db anywhere', 'lib/users/probe.ts', "import type { DbClient } from '@/lib/db/create-client'\nexport type X = DbClient\n"],
  ["'use server' in app/**/actions.ts", 'app/(console)/probe/actions.ts', "'use server'\nexport async function probeAction() {}\n"],
  [
    "a 'use client' module importing a type from queries",
    'components/probe/panel.tsx',
    "'use client'\nimport type { loadFacts } from '@/lib/postmortems/queries'\nexport type X = typeof loadFacts\n",
  ],
  [
    "a 'use client' module importing schemas",
    'components/probe/panel.tsx',
    "'use client'\nimport { addNoteSchema } from '@/lib/incidents/schemas'\nexport const x = addNoteSchema\n",
  ],
]

describe('npm run lint enforces the boundaries', { timeout: 30_000 }, () => {
  // Loading the configuration and its plugins takes a few seconds on a busy machine.
  beforeAll(() => messages('lib/health/probe.ts', 'export {}\n'), 120_000)

  it.each(breaches)('fails on %s', async (_what, path, code, expected) => {
    expect((await messages(path, code)).join('\n')).toMatch(expected)
  })

  it.each(allowed)('allows %s', async (_what, path, code) => {
    expect(await messages(path, code)).toEqual([])
  })

  it('fails on a mis-formatted file (Prettier runs as part of npm run lint)', async () => {
    const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.lint as string
    expect(script).toMatch(/prettier --check/)
    const filepath = join(root, 'lib/health/probe.ts')
    const options = { ...(await prettier.resolveConfig(filepath)), filepath }
    expect(await prettier.check('export const x = { a: 1,b:2 }\n', options)).toBe(false)
    expect(await prettier.check('export const x = { a: 1, b: 2 }\n', options)).toBe(true)
  })
})
