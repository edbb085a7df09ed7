import { test, expect } from '@playwright/test';
import { computeVerdict, countLine, type Outcome } from '../../helpers/verdict.js';

const t = (id: string, outcome: Outcome['outcome'], tags = ['@critical']): Outcome => ({ id, title: id, tags, outcome });

test('GO only when every critical test passed on its first try', () => {
  const v = computeVerdict([t('W3', 'expected'), t('R1', 'expected'), t('L1', 'unexpected', ['@p1'])]);
  expect(v.decision).toBe('GO');
  expect(countLine(v)).toBe('2 passed, 1 failed');
});
test('a red, flaky or skipped critical test is NO-GO, each with a reason', () => {
  for (const outcome of ['unexpected', 'flaky', 'skipped'] as const) {
    const v = computeVerdict([t('W3', 'expected'), t('R1', outcome)]);
    expect(v.decision, outcome).toBe('NO-GO');
    expect(v.reasons.join('\n')).toContain('R1');
  }
});
test('a security-boundary failure is named first', () => {
  const v = computeVerdict([t('W1', 'unexpected'), t('R1', 'unexpected')]);
  expect(v.reasons[0]).toMatch(/security boundary regressed \(W1\)/);
});
test('no critical test at all cannot be GO', () => {
  expect(computeVerdict([t('L1', 'expected', ['@p1'])]).decision).toBe('NO-GO');
});
test('the count line has skipped only when there are some', () => {
  expect(countLine(computeVerdict([t('A', 'expected'), t('B', 'skipped')]))).toBe('1 passed, 0 failed, 1 skipped');
});
