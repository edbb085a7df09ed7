/**
 * Runs a worker's tick when woken, and `fallbackMs` after the last tick when nothing woke it. Wakes coalesce: a wake
 * while a tick runs asks for exactly one more tick right after it, and two ticks never run at once.
 */
export class Ticker {
  private timer?: NodeJS.Timeout;
  /** When the timer fires (ms since the epoch); Infinity without one. */
  private due = Infinity;
  private ticking = false;
  private again = false;
  private stopped = false;

  /** `tick` resolves true when it stopped with work left (the next tick follows at once). */
  constructor(
    private readonly tick: () => Promise<boolean>,
    private readonly fallbackMs: number,
    private readonly onError: (err: Error) => void,
  ) {}

  /** A tick at once, or after `delayMs`; a tick due earlier stays. */
  wake(delayMs = 0): void {
    if (this.stopped) return;
    if (this.ticking && delayMs <= 0) {
      this.again = true;
      return;
    }
    const at = Date.now() + delayMs;
    if (this.timer && this.due <= at) return;
    clearTimeout(this.timer);
    this.due = at;
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.due = Infinity;
    if (this.ticking) {
      this.again = true; // a delayed wake came due during a tick
      return;
    }
    this.ticking = true;
    let more = false;
    try {
      more = await this.tick();
    } catch (err) {
      this.onError(err as Error);
    }
    this.ticking = false;
    const again = this.again || more;
    this.again = false;
    this.wake(again ? 0 : this.fallbackMs);
  }
}
