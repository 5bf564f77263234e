import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Run through `npm test` (scripts/test.ts), which prepares a database of its
// own, builds and starts the app, and passes their addresses in the env.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['node_modules/**', '.next/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests that own processes (kill/restart) must not be left half-done.
    teardownTimeout: 30_000,
  },
});
