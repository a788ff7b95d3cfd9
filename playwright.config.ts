// End-to-end tests: the built site served by `astro preview`, in Chromium with
// WebGPU enabled (see test/support/chromium.ts for which browser and flags).
import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from './test/support/chromium';

const PORT = Number(process.env.E2E_PORT ?? 4329);
const browser = {
  ...devices['Desktop Chrome'],
  launchOptions: { executablePath: chromiumExecutable(), args: chromiumArgs() },
};

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Generous: tests that walk every lesson run on a 2-core CI machine with a software GPU.
  timeout: 180_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      grepInvert: /@timing/,
      use: browser,
    },
    {
      // Tests that assert on the page's own clock (the 5 s time limit reported within 6 s) run
      // after everything else, alone: beside a software-GPU test on a 2-core machine the page's
      // main thread can be starved for seconds, which says nothing about the code under test.
      name: 'timing',
      grep: /@timing/,
      dependencies: ['chromium'],
      use: browser,
    },
  ],
  webServer: {
    // The tests run against the production build (npm test builds first).
    // --ignore-lock: run beside a preview server a developer may have open (Astro allows one per project by default).
    command: `npx astro preview --port ${PORT} --host localhost --ignore-lock`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
