// Standalone Playwright config for the console's mock-API spec (independent of the main suite's config).
// Run: npx playwright test --config stand/console/playwright.console.config.ts
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '../../tests/stand',
  testMatch: 'console-mock.spec.ts',
  outputDir: path.join(os.tmpdir(), 'kodex-console-mock-results'),
  reporter: 'list',
  fullyParallel: true,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--no-first-run', '--disable-sync'],
    },
  },
});
