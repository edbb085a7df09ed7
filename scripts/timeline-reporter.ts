import { appendFileSync, writeFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { runSettings } from '../helpers/runner/config.js';
import type { FullResult, Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

/**
 * `npm run bench` and `npm run flake` only: writes timeline marks (epoch ms) as JSON lines to BENCH_TIMELINE: when the runner
 * began, each worker-scoped fixture's setup (world, db, kube, browser) and each test, and the end.
 */
export default class BenchReporter implements Reporter {
  private readonly file = runSettings().benchTimeline ?? '';
  private mark(what: string, at: number, extra: object = {}) {
    if (this.file) appendFileSync(this.file, `${JSON.stringify({ what, at, ...extra })}\n`);
  }
  onBegin() {
    if (this.file) writeFileSync(this.file, '');
    this.mark('runner began (tests collected, global setup and stand done)', Date.now());
  }
  onStepEnd(_test: TestCase, result: TestResult, step: TestStep) {
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
  }
  onEnd(result: FullResult) {
    this.mark(`runner end (${result.status}): workers torn down, global teardown done`, Date.now());
  }
}
