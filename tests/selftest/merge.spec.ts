import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { ROOT } from '../../helpers/runner/config.js';
import { requiredScenarios, writeOutputs, type Entry, type RunResults } from '../../reporters/report-writer.js';
import { mergeResults } from '../../scripts/merge-results.js';

const entry = (id: string, outcome: Entry['outcome'] = 'expected'): Entry => ({
  id,
  title: `${id} x`,
  tags: ['@critical'],
  outcome,
  ran: true,
  evidence: [],
  runIds: [],
});
const run = (entries: Entry[], shard: RunResults['shard'], problems: string[] = []): RunResults => ({
  version: 1,
  shard,
  status: 'passed',
  problems,
  entries,
  target: { target: 'local', baseUrl: 'http://127.0.0.1:1', faults: null, suiteCommit: 'abc' },
  started_at: '2026-01-01T00:00:00.000Z',
  finished_at: '2026-01-01T00:01:00.000Z',
});
const required = requiredScenarios('local');
const half = Math.ceil(required.length / 2);
const out = async () => mkdtemp(path.join(os.tmpdir(), 'gate-merge-'));
const strip = ({ reasons, not_run, decision, counts, critical }: any) => ({
  reasons,
  not_run,
  decision,
  counts,
  critical,
});

test('each shard alone is INCOMPLETE; merged, they give the unsharded verdict', async () => {
  const shard1 = run(
    required.slice(0, half).map((id) => entry(id)),
    { current: 1, total: 2 },
  );
  const shard2 = run(
    required.slice(half).map((id) => entry(id)),
    { current: 2, total: 2 },
  );
  expect((await writeOutputs(await out(), shard1)).decision).toBe('INCOMPLETE');
  expect((await writeOutputs(await out(), shard2)).decision).toBe('INCOMPLETE');
  const unsharded = await writeOutputs(await out(), run([...shard1.entries, ...shard2.entries], null));
  expect(unsharded.decision).toBe('GO');
  expect(strip(await writeOutputs(await out(), mergeResults([shard1, shard2])))).toEqual(strip(unsharded));
});
test('a red scenario or a problem in one shard makes the merge NO-GO, as unsharded', async () => {
  const shard1 = run([entry(required[0], 'unexpected'), ...required.slice(1, half).map((id) => entry(id))], {
    current: 1,
    total: 2,
  });
  const shard2 = run(
    required.slice(half).map((id) => entry(id)),
    { current: 2, total: 2 },
    ['objects left behind by this run: project p'],
  );
  const merged = await writeOutputs(await out(), mergeResults([shard1, shard2]));
  expect(merged.decision).toBe('NO-GO');
  expect(merged.reasons.join('\n')).toMatch(/shard 2\/2: objects left behind[\s\S]*failed/);
});
test('a missing shard is never GO', async () => {
  const shard1 = run(
    required.map((id) => entry(id)),
    { current: 1, total: 2 },
  );
  const merged = await writeOutputs(await out(), mergeResults([shard1]));
  expect(merged.decision).toBe('NO-GO');
  expect(merged.reasons).toContain('shard 2/2 is missing from the merge');
});
test('recorded: a real 2-shard run of the critical set merges to the verdict of the real unsharded run', async () => {
  const recorded = (name: string): RunResults =>
    JSON.parse(readFileSync(path.join(ROOT, 'tests', 'selftest', 'recorded', `${name}.json`), 'utf8'));
  const [shard1, shard2] = [recorded('shard-1-of-2'), recorded('shard-2-of-2')];
  expect(shard1.shard).toEqual({ current: 1, total: 2 });
  expect((await writeOutputs(await out(), shard1)).decision).not.toBe('GO');
  const unsharded = await writeOutputs(await out(), recorded('unsharded'));
  expect(strip(await writeOutputs(await out(), mergeResults([shard1, shard2])))).toEqual(strip(unsharded));
});
