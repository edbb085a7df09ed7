import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { runCommand } from './command-run.js';

/**
 * No verdict outlives its run: a refused start writes its own NO-GO, a `--list` and a flake run leave none. Each
 * case starts from an earlier run's GO in the report folder, which must never speak for it.
 */
async function reportDirWithEarlierGo(): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'kodex-gate-verdict-')), 'gate-report');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'verdict.json'), JSON.stringify({ decision: 'GO', target: 'local' }));
  await writeFile(path.join(dir, 'regression-report.md'), '- Decision: **GO**\n');
  return dir;
}
const verdictIn = (dir: string) =>
  existsSync(path.join(dir, 'verdict.json')) ? JSON.parse(readFileSync(path.join(dir, 'verdict.json'), 'utf8')) : null;

test('a start refused for its configuration leaves its own NO-GO, naming why', async () => {
  const dir = await reportDirWithEarlierGo();
  // when: a staging run starts with nothing configured
  const run = await runCommand('playwright', ['test', '--project=gate', '--grep', '@critical'], {
    GATE_TARGET: 'staging',
    GATE_BASE_URL: '',
    GATE_REPORT_DIR: dir,
  });
  // then: it is refused, and the verdict is its own NO-GO, naming the missing settings
  expect(run.code, `refused with exit code 2:\n${run.output}`).toBe(2);
  const verdict = verdictIn(dir);
  expect(verdict?.decision, "the refused run's own decision").toBe('NO-GO');
  expect(verdict?.target, 'the target it was asked for').toBe('staging');
  expect(verdict?.reasons[0], 'the reason names a missing variable').toMatch(
    /refused before any test started: .*GATE_/,
  );
  expect(existsSync(path.join(dir, 'regression-report.md')), "the earlier run's report is gone").toBe(false);
});

test('a start refused for an unknown target leaves its own NO-GO', async () => {
  const dir = await reportDirWithEarlierGo();
  const run = await runCommand('playwright', ['test', '--project=gate'], {
    GATE_TARGET: 'stagin',
    GATE_REPORT_DIR: dir,
  });
  expect(run.code, `refused with exit code 2:\n${run.output}`).toBe(2);
  expect(verdictIn(dir)?.reasons[0], 'the reason names the bad target').toContain(
    'GATE_TARGET: must be local, staging or production, got "stagin"',
  );
});

/** W1 in a run that boots its own stand (`env` gives its port and data folder), reporting into `dir` and beside it. */
function w1OnItsOwnStand(dir: string, env: Record<string, string>) {
  const scratch = path.dirname(dir);
  return runCommand('playwright', ['test', '--project=gate', '--grep', 'W1 ', `--output=${scratch}/out`], {
    GATE_TARGET: 'local',
    GATE_BASE_URL: '',
    GATE_REPORT_DIR: dir,
    GATE_ALLURE_RESULTS_DIR: path.join(scratch, 'allure-results'),
    PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(scratch, 'playwright-report'),
    ...env,
  });
}
/** A run that checked nothing: NO-GO with `reason` first, no test passed or failed, no regression claimed. */
function expectNothingChecked(dir: string, reason: RegExp, what: string) {
  const verdict = verdictIn(dir);
  expect(verdict?.decision, "the run's own decision").toBe('NO-GO');
  expect(verdict?.reasons[0], what).toMatch(reason);
  expect(verdict?.counts, 'nothing failed, nothing passed').toMatchObject({ passed: 0, failed: 0 });
  expect(verdict?.reasons.join('\n'), 'no boundary regression is claimed').not.toContain('regressed');
}

test('a stand that cannot start leaves its own NO-GO naming the stand, with no scenario failed as a defect', async () => {
  const dir = await reportDirWithEarlierGo();
  // when: the run boots its own stand, and the stand's database refuses
  const run = await w1OnItsOwnStand(dir, {
    STAND_PORT: '4797',
    STAND_DATA_DIR: path.join(path.dirname(dir), 'stand'),
    STAND_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/kodex',
  });
  // then: the run fails, its verdict names the stand first, and W1 was not run (never a failed boundary)
  expect(run.code, `the run fails:\n${run.output}`).toBe(1);
  expect(run.output, "the stand's own reason is shown").toContain('failed to start');
  expectNothingChecked(
    dir,
    /^the local stand did not start, so nothing was checked: the local stand \(pid \d+\) exited while booting/,
    'the first reason names the stand',
  );
});

test('a configuration refused on the stand this run boots leaves its own NO-GO naming the variable, nothing failed', async () => {
  const dir = await reportDirWithEarlierGo();
  // when: the run boots its own stand, and one of its settings is malformed (read once the stand serves)
  const run = await w1OnItsOwnStand(dir, {
    GATE_RUN_TIMEOUT_MS: 'soon',
    STAND_PORT: '4798',
    STAND_DATA_DIR: '.stand/verdict-config-refused',
  });
  // then: the run fails, its verdict names the variable first, and W1 was not run (never a failed boundary)
  expect(run.code, `the run fails:\n${run.output}`).toBe(1);
  expectNothingChecked(
    dir,
    /^the configuration was refused, so nothing was checked: .*GATE_RUN_TIMEOUT_MS/,
    'the first reason names the variable',
  );
});

test('a --list leaves no verdict', async () => {
  const dir = await reportDirWithEarlierGo();
  const run = await runCommand('playwright', ['test', '--project=gate', '--list'], { GATE_REPORT_DIR: dir });
  expect(run.code, `the listing runs:\n${run.output}`).toBe(0);
  expect(verdictIn(dir), "no verdict, and not the earlier run's GO").toBeNull();
});

test('a flake run leaves no verdict', async () => {
  const dir = await reportDirWithEarlierGo();
  // when: a flake run starts (here one that only lists, so that it costs no gate run)
  const run = await runCommand('flake', ['1', '--list'], { GATE_REPORT_DIR: dir });
  // then: it said so, and the earlier GO is gone
  expect(run.output, 'the flake run says it leaves no verdict').toContain('no verdict');
  expect(verdictIn(dir), "no verdict, and not the earlier run's GO").toBeNull();
});
