import { expect } from '@playwright/test';

/** One thing a probe found: its kind and a line naming it. */
export interface Found<Kind extends string = string> {
  kind: Kind;
  what: string;
}
/** What a probe found: one entry per thing that should not (or should) exist, empty when nothing is there. */
export type Probe<Kind extends string = string> = () => Promise<Found<Kind>[]>;

/**
 * Fails the moment `probe` finds something, and passes once it has found nothing for `windowMs`: a bounded
 * "stays absent" check for things that would appear after the answer (a worker poll, a Job creation).
 */
export async function staysAbsent(what: string, probe: Probe, windowMs: number): Promise<void> {
  const started = Date.now();
  let found: Found[] = [];
  const state = async () => {
    found = await probe();
    if (found.length) return 'appeared';
    return Date.now() - started >= windowMs ? 'held' : 'waiting';
  };
  await expect
    .poll(state, {
      message: `${what}: still absent ${windowMs} ms on`,
      timeout: windowMs + 30_000,
      intervals: [100, 200, 250],
    })
    .not.toBe('waiting');
  const lines = found.map((f) => f.what);
  expect(lines, `${what} (${lines.join('; ')})`).toEqual([]);
}

/** The opposite, for the positive control: what `probe` looks for does appear within `timeoutMs`. */
export async function appears<Kind extends string>(
  what: string,
  probe: Probe<Kind>,
  timeoutMs: number,
): Promise<Found<Kind>[]> {
  let found: Found<Kind>[] = [];
  await expect
    .poll(async () => (found = await probe()).length, { message: what, timeout: timeoutMs })
    .toBeGreaterThan(0);
  return found;
}
