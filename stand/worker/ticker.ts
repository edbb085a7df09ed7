/**
 * Runs a worker's tick when woken, and `fallbackMs` after the last tick when nothing woke it. Wakes coalesce: a wake
 * while a tick runs asks for exactly one more tick right after it, and two ticks never run at once. A delayed wake
 * (`wake(ms)`) ticks at its time even when a sooner one comes first.
 */
export class Ticker {
  private timer?: NodeJS.Timeout;
  /** When the timer fires (ms since the epoch). */
  private due = Infinity;
  /** Delayed wakes still to come (ms since the epoch). */
  private alarms: number[] = [];
  private fallbackAt = Infinity;
  private ticking = false;
  /** A tick is asked for as soon as possible. */
  private asap = false;
  private stopped = false;

  /** `tick` resolves true when it stopped with work left (the next tick follows at once). */
  constructor(
    private readonly tick: () => Promise<boolean>,
    private readonly fallbackMs: number,
    private readonly onError: (err: Error) => void,
  ) {}

  /** A tick at once (after the one running now), or after `delayMs`. */
  wake(delayMs = 0): void {
    if (this.stopped) return;
    if (delayMs > 0) this.alarms.push(Date.now() + delayMs);
    else this.asap = true;
    if (!this.ticking) this.arm();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Sets the timer for the next tick (never while one runs: its end arms it). */
  private arm(): void {
    const next = this.asap ? Date.now() : Math.min(this.fallbackAt, ...this.alarms);
    if (!Number.isFinite(next) || (this.timer && this.due <= next)) return;
    clearTimeout(this.timer);
    this.due = next;
    this.timer = setTimeout(() => void this.run(), Math.max(0, next - Date.now()));
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.due = Infinity;
    const now = Date.now();
    this.alarms = this.alarms.filter((at) => at > now);
    this.asap = false;
    this.ticking = true;
    let more = false;
    try {
      more = await this.tick();
    } catch (err) {
      this.onError(err as Error);
    }
    this.ticking = false;
    if (this.stopped) return;
    if (more) this.asap = true;
    this.fallbackAt = Date.now() + this.fallbackMs;
    this.arm();
  }
}
