import { test, expect } from '@playwright/test';
import { computeVerdict, countLine, type Outcome } from '../../helpers/runner/verdict.js';

const t = (id: string, outcome: Outcome['outcome'], tags = ['@critical'], extra: Partial<Outcome> = {}): Outcome => ({
  id,
  title: id,
  tags,
  outcome,
  ...extra,
});
const required = ['W3', 'R1'];

test('GO only when every critical scenario of the matrix ran and passed on its first try', () => {
  const v = computeVerdict([t('W3', 'expected'), t('R1', 'expected'), t('L1', 'unexpected', ['@p1'])], { required });
  expect(v.decision).toBe('GO');
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
