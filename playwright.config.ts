import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './helpers/browser.js';
import { ConfigError, loadGateConfig, STAND_DEFAULT_PORT, targetFromEnv } from './helpers/config.js';

// Decide the target once, up front; a bad GATE_TARGET stops the run here with one clear message.
// The target is decided, and a configured one validated, here: once, before any worker starts, with every
// bad variable named in one message (never a 30-second timeout that means "you forgot a variable").
const { target, bootsStand } = (() => {
  try {
    const decided = targetFromEnv();
    if (!decided.bootsStand) loadGateConfig();
    return decided;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
})();
process.env.GATE_RUN_ID ??= `kodex-gate-${Date.now().toString(36)}`;
const CI = !!process.env.CI;
const suiteCommit = process.env.GATE_SUITE_COMMIT ?? (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
})();
process.env.GATE_SUITE_COMMIT = suiteCommit;
const standPort = Number(process.env.STAND_PORT ?? STAND_DEFAULT_PORT);
const scenarios = ['tests/webhook/**', 'tests/runs/**', 'tests/access/**', 'tests/console/**', 'tests/data/**', 'tests/nfr/**'];

export default defineConfig({
  testDir: '.',
  outputDir: 'test-results',
  fullyParallel: true,
  globalTeardown: './global-teardown.ts',
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: Number(process.env.GATE_EXPECT_TIMEOUT_MS ?? 10_000) },
  // Production runs only what is safe to run there.
  grep: target === 'production' ? /@readonly/ : undefined,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
    ['allure-playwright', {
      resultsDir: 'allure-results',
      detail: true,
      environmentInfo: {
        target, base_url: bootsStand ? `local stand http://127.0.0.1:${standPort}` : process.env.GATE_BASE_URL ?? '', platform_version: process.env.GATE_PLATFORM_VERSION ?? 'unknown (kodex has no version endpoint)',
        node: process.version, gate_run: process.env.GATE_RUN_ID, suite_commit: suiteCommit,
      },
      categories: [
        { name: 'Product defect', matchedStatuses: ['failed'], messageRegex: '.*(expect|toBe|toEqual|toHave|reach status|ended).*' },
        { name: 'Infrastructure problem', matchedStatuses: ['broken', 'failed'], messageRegex: '.*(ECONNREFUSED|ETIMEDOUT|ENOTFOUND|socket hang up|configuration .* is invalid|kubeconfig).*' },
        { name: 'Test defect', matchedStatuses: ['broken'] },
      ],
    }],
    ['./reporters/gate-reporter.ts'],
  ],
  use: {
    baseURL: bootsStand ? `http://127.0.0.1:${standPort}` : process.env.GATE_BASE_URL,
    // DOM snapshots, network and sources, without the filmstrip (which costs seconds on 2 cores).
    trace: { mode: 'retain-on-failure-and-retries', screenshots: false, snapshots: true, sources: true },
    screenshot: 'only-on-failure',
    // A missing element fails within ~10 s naming its locator, never as "Test timeout exceeded".
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
    headless: true,
  },
  projects: [
    { name: 'selftest', testMatch: 'tests/selftest/**/*.spec.ts' },
    { name: 'stand', testMatch: 'tests/stand/**/*.spec.ts' },
    { name: 'gate', testMatch: scenarios.map((s) => `${s}/*.spec.ts`) },
    // Proves every gate scenario can fail: runs after the gate, against stands with faults switched on.
    { name: 'mutation', testMatch: 'tests/mutation/**/*.spec.ts', dependencies: ['gate'], timeout: 5 * 60_000 },
  ],
  webServer: bootsStand ? {
    command: 'node --import tsx stand/main.ts',
    url: `http://127.0.0.1:${standPort}/readyz`,
    wait: { stdout: /STAND_READY/ },
    env: { STAND_PORT: String(standPort) },
    reuseExistingServer: !CI,
    timeout: 120_000,
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  } : undefined,
});
