import { writeFileSync } from 'node:fs';
import { test, expect } from '../../fixtures/index.js';
import { runSettings } from '../../helpers/runner/config.js';

/**
 * Measurement, not a gate scenario (`npm run bench` runs it, nothing asserts on it): how long after a run's
 * terminal status is written the run waiter sees it, next to a 10 ms poll (the floor of any poller), and the
 * platform's own time per run (created → finished). finished_at is set at the start of the finishing
 * transaction, so each figure includes the commit too. The database and the suite share one clock locally.
 */
const SAMPLES = 12;
const OUT = runSettings().benchDetectionFile;

test('detection latency of the run waiter', async ({ gate, webhook, world, db, waiter, onTarget }) => {
  onTarget.standOnly('bench only, against the local stand');
  test.skip(!OUT, 'bench only, against the local stand');
  const samples: { waiter_ms: number; tight_poll_ms: number; platform_ms: number }[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const { runId } = await webhook.trigger({ issue: world.nextIssue() });
    let tightSeenAt = 0;
    const tight = expect
      .poll(
        async () => {
          const status = (await db.runById(runId))?.status;
          if (status === 'succeeded' && !tightSeenAt) tightSeenAt = Date.now();
          return status;
        },
        { timeout: gate.runTimeoutMs, intervals: [10] },
      )
      .toBe('succeeded');
    const row = await waiter.until({ runId }, 'succeeded');
    const waiterSeenAt = Date.now();
    await tight;
    const finished = row.finished_at!.getTime();
    samples.push({
      waiter_ms: waiterSeenAt - finished,
      tight_poll_ms: tightSeenAt - finished,
      platform_ms: finished - row.created_at.getTime(),
    });
  }
  writeFileSync(OUT!, JSON.stringify(samples));
});
