import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests spawn the CLI and simulated gateways; 2 cores, so keep the pool small.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      // No test asserts a duration (other work on the machine would make it flaky): speed is `npm run bench`.
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: ['test/canary-dashboard.e2e.test.ts', 'test/statistics.e2e.test.ts'], globalSetup: ['test/global-setup.ts'] } },
      // Two canary processes and two simulators busy both cores for half a minute: run last, alone,
      // so that load does not move the latency-based verdicts other end-to-end tests assert.
      { extends: true, test: { name: 'load', include: ['test/canary-dashboard.e2e.test.ts'], globalSetup: ['test/global-setup.ts'], sequence: { groupOrder: 1 } } },
      // Verdicts of whole local runs (unchanged simulator 5 of 5, slow tail, first-attempt 429s): alone
      // too, after the rest, so that other tests' load does not starve one simulator arm.
      { extends: true, test: { name: 'verdicts', include: ['test/statistics.e2e.test.ts'], globalSetup: ['test/global-setup.ts'], sequence: { groupOrder: 2 } } },
    ],
  },
});
