// Prisma CLI configuration. The CLI is used only for `prisma generate` here;
// migrations run through scripts/migrate.ts (the wasm schema engine).
import { defineConfig } from 'prisma/config'

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
})
