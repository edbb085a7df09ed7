import { expect } from '@playwright/test';

/** What a probe found: one line per thing that should not (or should) exist, empty when nothing is there. */
export type Probe = () => Promise<string[]>;

/**
 * Fails the moment `probe` finds something, and passes once it has found nothing for `windowMs`: a bounded
 * "stays absent" check for things that would appear after the answer (a worker poll, a Job creation).
 */
export async function staysAbsent(what: string, probe: Probe, windowMs: number): Promise<void> {
  const started = Date.now();
  let found: string[] = [];
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
  expect(found, `${what} (${found.join('; ')})`).toEqual([]);
}

/** The opposite, for the positive control: what `probe` looks for does appear within `timeoutMs`. */
export async function appears(what: string, probe: Probe, timeoutMs: number): Promise<string[]> {
  let found: string[] = [];
  await expect
    .poll(async () => (found = await probe()).length, { message: what, timeout: timeoutMs })
    .toBeGreaterThan(0);
  return found;
}
