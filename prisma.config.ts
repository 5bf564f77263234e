import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only. Migrations are applied by scripts/migrate.ts
// through Prisma's WASM schema engine (the CLI would download a native binary).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchboard' },
});
