import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import GateReporter from '../../reporters/gate-reporter.js';
import { requiredScenarios } from '../../reporters/report-writer.js';
import { NOTE } from '../../helpers/runner/notes.js';

interface FakeTest {
  title: string;
  tags: string[];
  annotations?: { type: string; description?: string }[];
  status?: 'passed' | 'failed';
  error?: string;
}
const fakeSuite = (tests: FakeTest[]) =>
  ({
    allTests: () =>
      tests.map((t) => ({
        annotations: [],
        ...t,
        results: t.status
          ? [{ status: t.status, errors: t.error ? [{ message: t.error }] : [], attachments: [], annotations: [] }]
          : [],
        outcome: () => (!t.status ? 'skipped' : t.status === 'passed' ? 'expected' : 'unexpected'),
      })),
  }) as any;
const critical = (id: string, status?: 'passed' | 'failed', error?: string): FakeTest => ({
  title: `${id} x`,
  tags: ['@critical'],
  annotations: [{ type: 'scenario', description: id }],
  status,
  error,
});

async function dirs() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gate-reporter-'));
  return { outputDir: path.join(root, 'report'), allureResultsDir: path.join(root, 'allure') };
}
const verdictIn = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'verdict.json'), 'utf8'));

test('an unknown tag, or a critical-tagged test without a scenario ID, is a problem that fails the run', async () => {
  const reporter = new GateReporter({ ...(await dirs()), silent: true });
  await reporter.onBegin(
    {} as any,
    fakeSuite([
      { title: 'W9 fine', tags: ['@critical'], annotations: [{ type: 'scenario', description: 'W9' }] },
      { title: 'typo', tags: ['@crtical'] },
      { title: 'no id', tags: ['@critical'] },
    ]),
  );
  const problems: string[] = (reporter as any).problems;
  expect(problems).toHaveLength(2);
  expect(problems[0]).toContain('unknown tag(s) @crtical on "typo"');
  expect(problems[1]).toContain('@critical test "no id" has no scenario annotation');
});

test('onBegin empties the report and Allure results and leaves a NO-GO placeholder', async () => {
  const d = await dirs();
  await mkdir(d.outputDir, { recursive: true });
  await mkdir(d.allureResultsDir, { recursive: true });
  await writeFile(path.join(d.outputDir, 'verdict.json'), '{"decision":"GO"}');
  await writeFile(path.join(d.outputDir, 'leaks.json'), '[]');
  await writeFile(path.join(d.allureResultsDir, 'old-result.json'), '{}');
  await new GateReporter({ ...d, silent: true }).onBegin({} as any, fakeSuite([]));
  expect(verdictIn(d.outputDir).decision, 'a run that dies here leaves NO-GO').toBe('NO-GO');
  expect(verdictIn(d.outputDir).reasons[0]).toContain('run in progress');
  expect(await readdir(d.outputDir)).toEqual(['verdict.json']);
  expect(await readdir(d.allureResultsDir)).toEqual([]);
});

test('--list leaves no verdict, and never the one of the run before', async () => {
  const d = await dirs();
  await mkdir(d.outputDir, { recursive: true });
  await writeFile(path.join(d.outputDir, 'verdict.json'), '{"decision":"GO"}');
  const argv = process.argv;
  process.argv = [...argv, '--list'];
  try {
    const reporter = new GateReporter({ ...d, silent: true });
    await reporter.onBegin({} as any, fakeSuite([critical('W3')]));
    await reporter.onEnd({ status: 'passed' } as any);
  } finally {
    process.argv = argv;
  }
  expect(existsSync(path.join(d.outputDir, 'verdict.json')), "the earlier run's GO is gone").toBe(false);
  expect(existsSync(d.allureResultsDir), 'nothing else is touched').toBe(false);
});

test('a filtered run says INCOMPLETE; an error outside the tests says NO-GO; both name why', async () => {
  const d = await dirs();
  const reporter = new GateReporter({ ...d, silent: true });
  await reporter.onBegin({} as any, fakeSuite([critical('R2', 'passed')]));
  await reporter.onEnd({ status: 'passed' } as any);
  const filtered = verdictIn(d.outputDir);
  expect(filtered.decision === 'GO', 'one passing @critical is not GO').toBe(false);
  expect(filtered.not_run).toEqual(requiredScenarios('local').filter((id) => id !== 'R2'));
  const allure = await readdir(d.allureResultsDir);
  expect(
    allure.filter((f) => f.endsWith('-globals.json')),
    'verdict.json and the report are attached to Allure',
  ).toHaveLength(1);

  const failing = new GateReporter({ ...d, silent: true });
  await failing.onBegin({} as any, fakeSuite([critical('R2', 'failed', 'Error: run ends failed\nstack')]));
  failing.onError({ message: 'Error: world cleanup failed:\nproject x' });
  await failing.onEnd({ status: 'failed' } as any);
  const v = verdictIn(d.outputDir);
  expect(v.decision).toBe('NO-GO');
  expect(v.reasons).toContain('error outside the tests: Error: world cleanup failed:');
  const report = readFileSync(path.join(d.outputDir, 'regression-report.md'), 'utf8');
  expect(report).toContain('### P0 R2 R2 x (failed)');
  expect(report).toContain('- First failing assertion: Error: run ends failed');
  expect(report).toMatch(/## Next sprint[\s\S]*- P0 R2: red/);
});

test('every "not checked" and "warning" note reaches verdict.json and the top of the report; "measured" does not', async () => {
  const d = await dirs();
  const reporter = new GateReporter({ ...d, silent: true });
  const a1 = critical('A1', 'passed');
  a1.annotations!.push(
    { type: NOTE.notChecked, description: 'expired staff JWT: no signing key' },
    { type: NOTE.measured, description: 'ack latency p50 3 ms' },
  );
  const d3 = { ...critical('D3', 'passed'), tags: ['@data'] };
  d3.annotations!.push({ type: NOTE.warning, description: 'hot spot q1' });
  await reporter.onBegin({} as any, fakeSuite([a1, d3]));
  await reporter.onEnd({ status: 'passed' } as any);
  expect(verdictIn(d.outputDir).warnings).toEqual([
    'A1: not checked: expired staff JWT: no signing key',
    'D3: warning: hot spot q1',
  ]);
  const report = readFileSync(path.join(d.outputDir, 'regression-report.md'), 'utf8');
  expect(report.indexOf('A1: not checked: expired staff JWT'), 'warnings come before the scenario table').toBeLessThan(
    report.indexOf('## Scenarios by gate item'),
  );
  expect(report).not.toContain('ack latency');
});
