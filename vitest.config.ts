import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each test file opens its own SQLite files and servers on port 0, so files run in parallel safely.
    pool: 'forks',
  },
});
