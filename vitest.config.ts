import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests spawn the CLI and simulated gateways; 2 cores, so keep the pool small.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: ['test/timing.e2e.test.ts'], globalSetup: ['test/global-setup.ts'] } },
      // Timing accuracy is measured alone, after everything else, so other tests' CPU load is not in it.
      { extends: true, test: { name: 'timing', include: ['test/timing.e2e.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
