import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each test file opens its own SQLite files and servers on port 0, so files run in parallel safely.
    pool: 'forks',
    // Two files at a time even on a 2-core machine (vitest's default is cores − 1, i.e. one file at a
    // time there): most of a file's time is spent waiting on box processes, PostgreSQL, PGlite and
    // sockets, so a second file fills the idle core. VITEST_MAX_WORKERS overrides it.
    maxWorkers: 2,
  },
});
