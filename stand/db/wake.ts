import type pg from 'pg';

/**
 * The stand's private wake-up channel (not kodex's: its workers only poll). The gateway and the workers NOTIFY it
 * when a worker has something to do (a run became pending, a run ended or was canceled and its slot is free), and
 * every worker LISTENs on it (stand/worker/wakeups.ts). Sent inside a transaction, the notification is delivered at
 * its COMMIT, so the woken worker sees the change; a rolled-back transaction sends none.
 */
export const WAKE_CHANNEL = 'stand_worker_wake';

/** Wakes every worker (at COMMIT when `db` is in a transaction). */
export async function wakeWorkers(db: pg.Pool | pg.PoolClient): Promise<void> {
  await db.query(`NOTIFY ${WAKE_CHANNEL}`);
}
