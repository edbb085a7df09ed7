/** One test's outcome as the gate sees it. */
export interface Outcome {
  id?: string;
  title: string;
  tags: string[];
  /** expected | unexpected | flaky | skipped (Playwright's test outcome). */
  outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  error?: string;
}
export interface Verdict {
  decision: 'GO' | 'NO-GO';
  reasons: string[];
  counts: { passed: number; failed: number; skipped: number; flaky: number };
  critical: { total: number; passed: number; failed: number; flaky: number; skipped: number };
}

export const SECURITY_BOUNDARY = ['W1', 'B1'];

/**
 * Upstream's rule: GO only when every P0 (= @critical) test passed on its first try; any red P0, and any
 * security-boundary failure, is NO-GO. A run with no critical test, or a skipped one, cannot say GO.
 */
export function computeVerdict(outcomes: Outcome[]): Verdict {
  const count = (list: Outcome[], o: Outcome['outcome']) => list.filter((t) => t.outcome === o).length;
  const critical = outcomes.filter((t) => t.tags.includes('@critical'));
  const reasons: string[] = [];
  for (const t of critical) {
    if (t.outcome === 'unexpected') reasons.push(`${t.id ?? t.title} failed${t.error ? `: ${t.error}` : ''}`);
    if (t.outcome === 'flaky') reasons.push(`${t.id ?? t.title} passed only on retry (flaky): a P0 must pass on its first try`);
    if (t.outcome === 'skipped') reasons.push(`${t.id ?? t.title} was skipped: the gate cannot vouch for it`);
  }
  const boundary = outcomes.filter((t) => t.id && SECURITY_BOUNDARY.includes(t.id) && t.outcome === 'unexpected');
  if (boundary.length) reasons.unshift(`security boundary regressed (${boundary.map((t) => t.id).join(', ')}): automatic NO-GO`);
  if (!critical.length) reasons.push('no @critical test ran');
  return {
    decision: reasons.length ? 'NO-GO' : 'GO',
    reasons,
    counts: {
      passed: count(outcomes, 'expected') + count(outcomes, 'flaky'), failed: count(outcomes, 'unexpected'),
      skipped: count(outcomes, 'skipped'), flaky: count(outcomes, 'flaky'),
    },
    critical: {
      total: critical.length, passed: count(critical, 'expected'), failed: count(critical, 'unexpected'),
      flaky: count(critical, 'flaky'), skipped: count(critical, 'skipped'),
    },
  };
}

export const countLine = (v: Verdict) =>
  `${v.counts.passed} passed, ${v.counts.failed} failed${v.counts.skipped ? `, ${v.counts.skipped} skipped` : ''}`;
