import { defineConfig } from 'vitest/config';

// The storefront's browser tests (npm run test:e2e): Chromium from the system, never downloaded.
export default defineConfig({
  test: {
    include: ['examples/storefront/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
