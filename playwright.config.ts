import { readFileSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './helpers/runner/browser.js';
import {
  askedToolProjects,
  ConfigError,
  loadGateConfig,
  runSettings,
  startRun,
  targetFromEnv,
} from './helpers/runner/config.js';
import { clearVerdict, writeRefusedVerdict } from './helpers/runner/verdict-file.js';
import { gitCommit } from './helpers/runner/suite-commit.js';
import { MUTATION_LANES } from './helpers/runner/child-gate.js';

// Decide the target once, up front; a bad GATE_TARGET stops the run here with one clear message.
// The target is decided, and a configured one validated, here: once, before any worker starts, with every
// bad variable named in one message (never a 30-second timeout that means "you forgot a variable").
const { target, bootsStand, configuredBaseUrl } = (() => {
  try {
    const decided = targetFromEnv();
    return { ...decided, configuredBaseUrl: decided.bootsStand ? undefined : loadGateConfig().GATE_BASE_URL };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    // A refused run leaves its own NO-GO, never the verdict of the run before; a refused `--list` leaves none.
    const { reportDir, target: asked } = runSettings();
    if (process.argv.includes('--list')) clearVerdict(reportDir);
    else writeRefusedVerdict(reportDir, err.message, asked);
    process.exit(2);
  }
})();
startRun(gitCommit);
const askedProjects = askedToolProjects();
const run = runSettings();
const CI = run.ci;
const standPort = run.standPort;
const baseURL = bootsStand ? `http://127.0.0.1:${standPort}` : configuredBaseUrl;
/** The folders of gate scenarios (eslint.config.js reads the same file). */
const scenarios: string[] = JSON.parse(readFileSync(new URL('./tests/gate-areas.json', import.meta.url), 'utf8'));

export default defineConfig({
  testDir: '.',
  outputDir: 'test-results',
  fullyParallel: true,
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // Two, or one per mutation lane when the run asks for the mutation check (its lanes run side by side).
  workers: askedProjects.has('mutation') ? Math.max(2, MUTATION_LANES) : 2,
  timeout: 60_000,
  expect: { timeout: run.expectTimeoutMs },
  // Production runs only what is safe to run there.
  grep: target === 'production' ? /@readonly/ : undefined,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
    [
      'allure-playwright',
      {
        resultsDir: run.allureResultsDir,
        // Only the scenario's own steps (test.step) and attachments: no poll attempts, no raw framework calls.
        // Categories live in allurerc.mjs (Allure 3 reads them there).
        detail: false,
        environmentInfo: {
          target,
          base_url: bootsStand ? `local stand ${baseURL}` : baseURL,
          platform_version: run.platformVersion,
          node: process.version,
          gate_run: run.runId,
          suite_commit: run.suiteCommit,
        },
      },
    ],
    ['./reporters/gate-reporter.ts'],
  ],
  use: {
    baseURL,
    // DOM snapshots, network and sources, without the filmstrip (which costs seconds on 2 cores).
    trace: { mode: 'retain-on-failure-and-retries', screenshots: false, snapshots: true, sources: true },
    screenshot: 'only-on-failure',
    // A missing element fails within ~10 s naming its locator, never as "Test timeout exceeded".
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
    headless: true,
  },
  // Plain `npx playwright test` (and `-g "R2 "`) runs the gate alone; the suite's own tests run when named with
  // --project (`npm test` names them all), so a title filter never pulls in the mutation check.
  projects: [
    { name: 'selftest', testMatch: 'tests/selftest/**/*.spec.ts' },
    { name: 'stand', testMatch: 'tests/stand/**/*.spec.ts' },
    // The Allure report as the owner opens it, built from a small gate run of its own against the same stand.
    { name: 'report', testMatch: 'tests/report/**/*.spec.ts' },
    { name: 'gate', testMatch: scenarios.map((area) => `${area}/**/*.spec.ts`) },
    // Proves every gate scenario can fail: faults switched on in stands of its own, each lane's healthy control first.
    { name: 'mutation', testMatch: 'tests/mutation/**/*.spec.ts', timeout: 5 * 60_000 },
  ].filter((p) => p.name === 'gate' || askedProjects.has(p.name)),
  webServer: bootsStand
    ? {
        command: 'node stand/start.mjs',
        // Reused when it answers (not on CI). A stand it starts hands the run on at once, naming its process: it
        // boots while the tests are collected and the workers start, and they wait for it (standBooted).
        url: `http://127.0.0.1:${standPort}/readyz`,
        wait: { stdout: /STAND_STARTING (?<gate_stand_pid>\d+)/ },
        env: { STAND_PORT: String(standPort) },
        reuseExistingServer: !CI,
        timeout: 120_000,
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      }
    : undefined,
});
