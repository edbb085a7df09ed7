import path from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../playwright.config.js';
import { ROOT } from '../helpers/runner/config.js';

/**
 * `npm run bench` only: the gate's config with one project for the measurements in tests/nfr/*.bench.ts.
 * Paths are made absolute: Playwright resolves a config's relative paths against the config's folder.
 */
export default defineConfig({
  ...base,
  testDir: ROOT,
  outputDir: path.join(ROOT, 'test-results', 'bench'),
  globalSetup: path.join(ROOT, 'global-setup.ts'),
  globalTeardown: path.join(ROOT, 'global-teardown.ts'),
  webServer: base.webServer && !Array.isArray(base.webServer) ? { ...base.webServer, cwd: ROOT } : base.webServer,
  reporter: [['list']],
  projects: [{ name: 'bench', testMatch: 'tests/nfr/*.bench.ts' }],
});
