import { test, expect } from '@playwright/test';
import { computeVerdict, countLine, type Outcome } from '../../helpers/runner/verdict.js';
import { triageRecordProblems, type TriageRecord } from '../../helpers/runner/triage.js';

const t = (id: string, outcome: Outcome['outcome'], tags = ['@critical'], extra: Partial<Outcome> = {}): Outcome => ({
  id,
  title: id,
  tags,
  outcome,
  ...extra,
});
const required = ['W3', 'R1'];

test('GO only when every critical scenario of the matrix ran and passed on its first try', () => {
  const v = computeVerdict([t('W3', 'expected'), t('R1', 'expected'), t('L1', 'unexpected', [])], { required });
  expect(v.decision, 'a red test of no gate scenario (no priority) does not decide').toBe('GO');
  expect(countLine(v)).toBe('2 passed, 1 failed');
});
test('a red, flaky or skipped critical test is NO-GO, each with a reason', () => {
  for (const outcome of ['unexpected', 'flaky', 'skipped'] as const) {
    const v = computeVerdict([t('W3', 'expected'), t('R1', outcome)], { required });
    expect(v.decision, outcome).toBe('NO-GO');
    expect(v.reasons.join('\n')).toContain('R1');
  }
});
test('a filtered run (one passing critical of two) is INCOMPLETE and names what did not run', () => {
  const v = computeVerdict([t('R1', 'expected')], { required });
  expect(v.decision).toBe('INCOMPLETE');
  expect(v.not_run).toEqual(['W3']);
});
test('a test that never started (interrupted, other shard) does not count as run', () => {
  const v = computeVerdict([t('W3', 'skipped', ['@critical'], { ran: false }), t('R1', 'expected')], { required });
  expect(v.decision).toBe('INCOMPLETE');
  expect(v.not_run).toEqual(['W3']);
});
test('a shard, or an interrupted run, is never GO even when it holds every critical scenario', () => {
  const all = [t('W3', 'expected'), t('R1', 'expected')];
  expect(computeVerdict(all, { required, shard: { current: 1, total: 2 } }).decision).toBe('INCOMPLETE');
  expect(computeVerdict(all, { required, status: 'interrupted' }).decision).toBe('INCOMPLETE');
});
test('a problem outside the tests (reporter, teardown, cleanup, leak, secret) is NO-GO with its reason', () => {
  const v = computeVerdict([t('W3', 'expected'), t('R1', 'expected')], {
    required,
    problems: ['world cleanup failed: project x'],
  });
  expect(v.decision).toBe('NO-GO');
  expect(v.reasons).toEqual(['world cleanup failed: project x']);
});
test('a recorded warning (a waived check) keeps GO but is listed', () => {
  const v = computeVerdict(
    [t('W3', 'expected'), t('R1', 'expected', ['@critical'], { warnings: ['not checked: waived'] })],
    { required },
  );
  expect(v.decision).toBe('GO');
  expect(v.warnings).toEqual(['R1: not checked: waived']);
});
test('a security-boundary failure is named first', () => {
  const v = computeVerdict([t('W1', 'unexpected'), t('R1', 'unexpected')], { required });
  expect(v.reasons[0]).toMatch(/security boundary regressed \(W1\)/);
});
test('no critical scenario in the matrix cannot be GO', () => {
  expect(computeVerdict([t('L1', 'expected', ['@p1'])], { required: [] }).decision).toBe('NO-GO');
});
test('the count line has skipped only when there are some', () => {
  expect(countLine(computeVerdict([t('A', 'expected'), t('B', 'skipped')], { required }))).toBe(
    '1 passed, 0 failed, 1 skipped',
  );
});

test.describe("GO means the epic's GO: no blocking P0/P1 defect", () => {
  const now = new Date('2026-11-30T12:00:00Z');
  const record = (expires: string, scenario = 'P3'): TriageRecord => ({
    scenario,
    reason: 'learning feedback arrives late on staging, fix in review',
    owner: 'release-engineer@example.com',
    defect: 'https://github.com/codex-k8s/kodex/issues/1234',
    expires,
  });
  const run = [t('W3', 'expected'), t('R1', 'expected'), t('P3', 'unexpected', ['@critical', '@p1'])];

  test('a red P1 scenario is a blocking defect: NO-GO', () => {
    const v = computeVerdict(run, { required, now });
    expect(v.decision).toBe('NO-GO');
    expect(v.reasons).toEqual(['P3 failed (blocking P1 defect, no triage record)']);
    expect(v.triaged).toEqual([]);
  });
  test('a valid triage record makes it non-blocking: GO, with the record listed', () => {
    const v = computeVerdict(run, { required, now, triage: [record('2026-11-30')] });
    expect(v.decision).toBe('GO');
    expect(v.reasons).toEqual([]);
    expect(v.triaged).toEqual([{ ...record('2026-11-30'), priority: 'P1' }]);
  });
  test('an expired triage record blocks again: NO-GO', () => {
    const v = computeVerdict(run, { required, now, triage: [record('2026-11-29')] });
    expect(v.decision).toBe('NO-GO');
    expect(v.reasons[0]).toMatch(/^P3 failed \(blocking P1 defect, its triage record \S+ expired on 2026-11-29\)/);
    expect(v.triaged).toEqual([]);
  });
  test('a record for another scenario does not cover it', () => {
    expect(computeVerdict(run, { required, now, triage: [record('2026-12-31', 'P2')] }).decision).toBe('NO-GO');
  });
  test('a red P0 stays NO-GO even with a triage record (every P0 must pass)', () => {
    const v = computeVerdict([t('W3', 'expected'), t('R1', 'unexpected')], {
      required,
      now,
      triage: [record('2026-12-31', 'R1')],
    });
    expect(v.decision).toBe('NO-GO');
    expect(v.reasons[0]).toMatch(/^R1 failed \(a P0 must pass/);
  });
  test('a red data check outside the go/no-go set (D3 over its threshold, D4) blocks as a P1', () => {
    const v = computeVerdict([t('W3', 'expected'), t('R1', 'expected'), t('D3', 'unexpected', ['@data'])], {
      required,
      now,
    });
    expect(v.reasons).toEqual(['D3 failed (blocking P1 defect, no triage record)']);
  });
  test('a triage record must name scenario, reason, owner, defect link and expiry', () => {
    expect(triageRecordProblems(record('2026-12-31'))).toEqual([]);
    expect(
      triageRecordProblems({ scenario: 'p3', reason: 'short', owner: '', defect: 'JIRA-1', expires: '31.12.2026' }),
    ).toEqual([
      'scenario must be a matrix ID such as P3',
      'reason must say why (10+ characters)',
      'owner is required',
      'defect must link to the defect (http(s) URL)',
      'expires must be a date YYYY-MM-DD',
    ]);
  });
});
