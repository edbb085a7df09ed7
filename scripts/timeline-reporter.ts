import { appendFileSync, writeFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { runSettings } from '../helpers/runner/config.js';
import type { FullResult, Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

/**
 * `npm run bench` and `npm run flake` only: writes timeline marks (epoch ms) as JSON lines to BENCH_TIMELINE: when the runner
 * began, each worker-scoped fixture's setup (world, db, kube, browser) and each test, and the end. A test's mark
 * carries `wait_ms`: the time its outermost awaited assertions (expect.poll, toPass, web-first assertions such as
 * a console chip turning succeeded) spent, i.e. waiting for the platform; the rest of its time is the suite's own.
 */
export default class BenchReporter implements Reporter {
  private readonly file = runSettings().benchTimeline ?? '';
  /** Per test result: merged [start, end] intervals of outermost expect steps (parallel polls count once). */
  private readonly waits = new Map<TestResult, [number, number][]>();
  private mark(what: string, at: number, extra: object = {}) {
    if (this.file) appendFileSync(this.file, `${JSON.stringify({ what, at, ...extra })}\n`);
  }
  onBegin() {
    if (this.file) writeFileSync(this.file, '');
    this.mark('runner began (global setup done, tests collected)', Date.now());
  }
  onStepEnd(_test: TestCase, result: TestResult, step: TestStep) {
    if (step.category === 'expect' && !hasExpectAncestor(step) && step.duration > 0) {
      const start = step.startTime.getTime();
      this.waits.set(result, [...(this.waits.get(result) ?? []), [start, start + step.duration]]);
    }
    if (step.category !== 'fixture' || step.duration < 50) return;
    this.mark(`${step.title.toLowerCase()} set up`, step.startTime.getTime(), {
      worker: result.parallelIndex,
      ms: step.duration,
    });
  }
  onTestEnd(test: TestCase, result: TestResult) {
    this.mark(test.title, result.startTime.getTime(), {
      worker: result.parallelIndex,
      ms: result.duration,
      wait_ms: Math.min(result.duration, covered(this.waits.get(result) ?? [])),
      status: result.status,
      outcome: test.outcome(),
      repeat: test.repeatEachIndex,
      notes: test.annotations
        .filter((a) => a.type !== 'scenario')
        .map((a) => `${a.type}: ${a.description}`)
        .concat(result.annotations.filter((a) => a.type !== 'scenario').map((a) => `${a.type}: ${a.description}`)),
      error: stripVTControlCharacters(result.error?.message ?? '')
        .split('\n')[0]
        ?.slice(0, 200),
    });
    this.waits.delete(result);
  }
  onEnd(result: FullResult) {
    this.mark(`runner end (${result.status}): workers torn down, global teardown done`, Date.now());
  }
}

function hasExpectAncestor(step: TestStep): boolean {
  for (let s = step.parent; s; s = s.parent) if (s.category === 'expect') return true;
  return false;
}

/** The length of the union of intervals. */
function covered(intervals: [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of [...intervals].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}
