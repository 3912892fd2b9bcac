import { defineConfig } from 'vitest/config';

/** Tests that drive Debian's Chromium (`npm run test:browser`); kept out of `npm test` so it needs no browser. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
