import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildAllureReport } from '../../helpers/runner/allure-report.js';
import { childEnv, readStandEnv, ROOT } from '../../helpers/runner/config.js';
import { gateGroup, gateSeverity, readMatrix } from '../../helpers/runner/matrix.js';
import { exitWithin, standBooted } from '../../helpers/runner/stand-boot.js';
import GateReporter from '../../reporters/gate-reporter.js';
import { requiredScenarios } from '../../reporters/report-writer.js';

export interface ReportRun {
  /** The gate run's Allure results (with its verdict as global attachments). */
  resultsDir: string;
  /** The single-file report built from them, as `npm run report` builds it. */
  reportFile: string;
}

/** A folder of its own for one report test run (results, report, and the history the reports share). */
export const reportWorkspace = () => mkdtemp(path.join(os.tmpdir(), 'kodex-gate-report-'));

/**
 * A real, small gate run (W1 and B1, read-only) against the stand this run booted, into folders of its own, and
 * the Allure report built from its results with the history in `historyDir`: what the owner opens, end to end.
 * `env` adds settings (e.g. an endpoint that must not accept connections but does: a red B1).
 */
export async function gateRunWithReport(
  dir: string,
  name: string,
  historyDir: string,
  env: Record<string, string> = {},
): Promise<ReportRun> {
  const resultsDir = path.join(dir, name, 'allure-results');
  await standBooted();
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
      'test',
      '--project=gate',
      '--grep=(W1|B1) ',
      '--workers=1',
      '--retries=0',
      `--output=${path.join(dir, name, 'test-results')}`,
    ],
    {
      cwd: ROOT,
      env: childEnv({
        ...readStandEnv(),
        ...env,
        GATE_RUN_ID: `kodex-gate-report-${Date.now().toString(36)}`,
        GATE_REPORT_DIR: path.join(dir, name, 'gate-report'),
        GATE_ALLURE_RESULTS_DIR: resultsDir,
        PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(dir, name, 'playwright-report'),
        CI: '',
      }),
      stdio: 'ignore',
    },
  );
  await exitWithin(child, 3 * 60_000);
  return build(dir, name, resultsDir, historyDir);
}

async function build(dir: string, name: string, resultsDir: string, historyDir: string): Promise<ReportRun> {
  const reportDir = path.join(dir, name, 'allure-report');
  await buildAllureReport(resultsDir, reportDir, historyDir);
  return { resultsDir, reportFile: path.join(reportDir, 'index.html') };
}

/**
 * A GO run as the gate reporter and allure-playwright leave it: every @critical scenario of the matrix passed on
 * its first try and the leak check found nothing. Recorded rather than run: a real one is the whole @critical set.
 */
export async function recordedGoRun(dir: string, name: string, historyDir: string): Promise<ReportRun> {
  const resultsDir = path.join(dir, name, 'allure-results');
  const reportDir = path.join(dir, name, 'gate-report');
  const rows = readMatrix().filter((r) => requiredScenarios('local').includes(r.id));
  const tests = rows.map((r) => ({
    title: `${r.id} ${r.title}`,
    tags: r.tags,
    annotations: [{ type: 'scenario', description: r.id }],
    results: [{ status: 'passed', errors: [], attachments: [], annotations: [] }],
    outcome: () => 'expected',
  }));
  const suite = { allTests: () => tests } as any;
  const reporter = new GateReporter({ outputDir: reportDir, allureResultsDir: resultsDir, silent: true });
  await reporter.onBegin({} as any, suite);
  await writeFile(path.join(reportDir, 'leaks.json'), '[]');
  const start = Date.now();
  for (const r of rows) {
    const uuid = randomUUID();
    const labels = [
      ['epic', gateGroup(r.gateItem)],
      ['feature', r.gateItem],
      ['severity', gateSeverity(r)],
      ...r.tags.map((t) => ['tag', t]),
    ].map(([n, value]) => ({ name: n, value }));
    const result = { uuid, historyId: r.id, testCaseId: r.id, name: `${r.id} ${r.title}`, fullName: `gate ${r.id}` };
    await writeFile(
      path.join(resultsDir, `${uuid}-result.json`),
      JSON.stringify({ ...result, status: 'passed', stage: 'finished', start, stop: start + 1000, labels, steps: [] }),
    );
  }
  await reporter.onEnd({ status: 'passed' } as any);
  return build(dir, name, resultsDir, historyDir);
}
