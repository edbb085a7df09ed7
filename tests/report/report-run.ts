import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildAllureReport } from '../../helpers/runner/allure-report.js';
import { childEnv, readStandEnv, ROOT } from '../../helpers/runner/config.js';
import { exitWithin } from '../../helpers/runner/stand-boot.js';

export interface ReportRun {
  /** The gate run's Allure results (with its verdict as global attachments). */
  resultsDir: string;
  /** The single-file report built from them, as `npm run report` builds it. */
  reportFile: string;
}

/**
 * A real, small gate run (W1 and B1, read-only) against the stand this run booted, into folders of its own, and
 * the Allure report built from its results: what the owner opens, produced end to end.
 */
export async function gateRunWithReport(): Promise<ReportRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kodex-gate-report-'));
  const resultsDir = path.join(dir, 'allure-results');
  const env = childEnv({
    ...readStandEnv(),
    GATE_RUN_ID: `kodex-gate-report-${Date.now().toString(36)}`,
    GATE_REPORT_DIR: path.join(dir, 'gate-report'),
    GATE_ALLURE_RESULTS_DIR: resultsDir,
    PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(dir, 'playwright-report'),
    CI: '',
  });
  const cli = path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const args = [
    'test',
    '--project=gate',
    '--grep=(W1|B1) ',
    '--workers=1',
    '--retries=0',
    `--output=${path.join(dir, 'test-results')}`,
  ];
  const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT, env, stdio: 'ignore' });
  await exitWithin(child, 3 * 60_000);
  const reportDir = path.join(dir, 'allure-report');
  await buildAllureReport(resultsDir, reportDir);
  return { resultsDir, reportFile: path.join(reportDir, 'index.html') };
}
