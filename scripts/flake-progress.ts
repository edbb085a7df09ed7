import type { FullConfig, Reporter, Suite, TestCase } from '@playwright/test/reporter';

const clock = (ms: number) =>
  `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;

/**
 * `npm run flake` only: one line each time another repeat's worth of tests has finished, `repeat i/N`, with
 * the failures so far and an estimate of the time left (from the pace so far).
 */
export default class FlakeProgress implements Reporter {
  private total = 0;
  private perRepeat = 1;
  private repeats = 1;
  private done = 0;
  private failed = 0;
  private startedAt = Date.now();

  onBegin(config: FullConfig, suite: Suite) {
    this.total = suite.allTests().length;
    this.repeats = Math.max(1, config.projects[0]?.repeatEach ?? 1);
    this.perRepeat = Math.max(1, Math.round(this.total / this.repeats));
    this.startedAt = Date.now();
    console.log(`flake: ${this.total} test runs (${this.perRepeat} tests x ${this.repeats} repeats)`);
  }

  onTestEnd(test: TestCase) {
    this.done++;
    if (['unexpected', 'flaky'].includes(test.outcome())) this.failed++;
    if (this.done % this.perRepeat && this.done !== this.total) return;
    const elapsed = Date.now() - this.startedAt;
    const left = (elapsed / this.done) * (this.total - this.done);
    console.log(
      `\nflake: repeat ${Math.min(this.repeats, Math.ceil(this.done / this.perRepeat))}/${this.repeats} done` +
        ` (${this.failed} failed so far), ${clock(elapsed)} elapsed, about ${clock(left)} left`,
    );
  }

  printsToStdio() {
    return true;
  }
}
