import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { criticalQualityGate } from '../../allurerc.mjs';
import { readTriage, TRIAGE_FILE, type TriageRecord } from '../../helpers/runner/triage.js';
import { requiredScenarios, writeOutputs, type Entry, type RunResults } from '../../reporters/report-writer.js';

const out = () => mkdtemp(path.join(os.tmpdir(), 'gate-triage-'));
const entry = (id: string, outcome: Entry['outcome'] = 'expected', tags = ['@critical']): Entry => ({
  id,
  title: `${id} x`,
  tags,
  outcome,
  ran: true,
  error: outcome === 'unexpected' ? 'Error: learning feedback rows: expected 1, got 0' : undefined,
  evidence: [],
  runIds: [],
});
/** A full go/no-go run in which only P3 (a P1 item) is red. */
const redP3: RunResults = {
  version: 1,
  shard: null,
  status: 'failed',
  problems: [],
  entries: requiredScenarios('local').map((id) =>
    id === 'P3' ? entry(id, 'unexpected', ['@critical', '@p1']) : entry(id),
  ),
  target: { target: 'local', baseUrl: 'http://127.0.0.1:1', faults: null, suiteCommit: 'abc' },
  started_at: '2026-01-01T00:00:00.000Z',
  finished_at: '2026-01-01T00:01:00.000Z',
};
const record = (expires: string): TriageRecord => ({
  scenario: 'P3',
  reason: 'learning feedback arrives late on staging, fix in review',
  owner: 'release-engineer@example.com',
  defect: 'https://github.com/codex-k8s/kodex/issues/1234',
  expires,
});
const today = new Date().toISOString().slice(0, 10);
const read = (dir: string) => ({
  verdict: JSON.parse(readFileSync(path.join(dir, 'verdict.json'), 'utf8')),
  report: readFileSync(path.join(dir, 'regression-report.md'), 'utf8'),
});

test('the repository holds a valid triage file', () => {
  expect(readTriage(TRIAGE_FILE).problems).toEqual([]);
});

test('a red P1 is NO-GO; a valid triage record makes it GO, listed in verdict.json and the report; expired, NO-GO', async () => {
  const none = await out();
  await writeOutputs(none, redP3, undefined, { records: [], problems: [] });
  expect(read(none).verdict.decision).toBe('NO-GO');
  expect(read(none).verdict.reasons[0]).toMatch(/^P3 failed \(blocking P1 defect, no triage record\)/);

  const valid = await out();
  await writeOutputs(valid, redP3, undefined, { records: [record(today)], problems: [] });
  const { verdict, report } = read(valid);
  expect(verdict.decision).toBe('GO');
  expect(verdict.triaged).toEqual([{ ...record(today), priority: 'P1' }]);
  expect(report).toContain(`- P1 P3: ${record(today).reason} (owner release-engineer@example.com,`);

  const expired = await out();
  await writeOutputs(expired, redP3, undefined, { records: [record('2020-01-01')], problems: [] });
  expect(read(expired).verdict.decision).toBe('NO-GO');
  expect(read(expired).verdict.reasons[0]).toMatch(/expired on 2020-01-01/);
});

test('a malformed triage file is NO-GO, naming the record and what is wrong', async () => {
  const dir = await out();
  const file = path.join(dir, 'non-blocking.json');
  writeFileSync(file, JSON.stringify([record(today), { scenario: 'P3', owner: 'x' }]));
  const triage = readTriage(file);
  expect(triage.records).toHaveLength(1);
  expect(triage.problems[0]).toMatch(/record 2: reason must say why .*defect must link.*expires must be a date/);
  await writeOutputs(dir, redP3, undefined, triage);
  expect(read(dir).verdict.decision).toBe('NO-GO');
  writeFileSync(file, '{ not json');
  expect(readTriage(file).problems[0]).toMatch(/is not valid JSON/);
});

test("the report's quality gate leaves out a triaged P1, as the verdict does", async () => {
  const result = (scenario: string, status: string) => ({
    id: scenario,
    status,
    labels: [
      { name: 'tag', value: '@critical' },
      { name: 'scenario', value: scenario },
    ],
  });
  const trs = [result('R1', 'passed'), result('P3', 'failed')];
  const maxFailures = (triaged: string[]) =>
    (criticalQualityGate(triaged).use as any[]).find((r) => r.rule === 'maxFailures').validate({ trs, expected: 0 });
  expect(await maxFailures([]), 'a red P3 without a record fails the rule').toMatchObject({
    success: false,
    actual: 1,
  });
  expect(await maxFailures(['P3']), 'a red P3 triaged non-blocking does not').toMatchObject({
    success: true,
    actual: 0,
  });
});
