/**
 * The stand worker's wake-ups (stand/worker/ticker.ts, wakeups.ts): its ticks coalesce and fall back to a timer;
 * a NOTIFY, a change to a run Job or pod it holds, and a worker pod gone wake it; its LISTEN connection comes back.
 */
import { randomUUID } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import pg from 'pg';
import { test, expect } from '../../fixtures/index.js';
import { staysAbsent } from '../../helpers/checks/absence.js';
import { K8S } from '../../contract/kodex.js';
import { wakeWorkers } from '../../stand/db/wake.js';
import { kubeConfigFor } from '../../stand/kube/kubeconfig.js';
import { startKubeApi } from '../../stand/kube/server.js';
import { Ticker } from '../../stand/worker/ticker.js';
import { RunJobs, startWakeups, wakeupClientName } from '../../stand/worker/wakeups.js';

const WAIT = { timeout: 10_000, intervals: [10, 25, 50] };

/** A tick that records when it ran and holds until released; `concurrent` is the most ticks ever at once. */
function heldTicks() {
  const started: number[] = [];
  const releases: (() => void)[] = [];
  let running = 0;
  const t = {
    started,
    concurrent: 0,
    release: () => releases.shift()?.(),
    tick: async () => {
      started.push(Date.now());
      t.concurrent = Math.max(t.concurrent, ++running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running -= 1;
      return false;
    },
  };
  return t;
}

test('ticks coalesce: wakes during a tick ask for exactly one more, never two at once; a delayed wake keeps its time', async () => {
  const t = heldTicks();
  const ticker = new Ticker(t.tick, 60_000, (err) => {
    throw err;
  });
  const ticked = (n: number, message: string) => expect.poll(() => t.started.length, { ...WAIT, message }).toBe(n);
  try {
    ticker.wake();
    await ticked(1, 'the first wake ticks');
    for (let i = 0; i < 5; i++) ticker.wake();
    const secondTick = async () => t.started.slice(1).map(() => ({ kind: 'tick', what: 'another tick started' }));
    await staysAbsent('no second tick while the first runs', secondTick, 200);
    t.release();
    await ticked(2, 'five wakes during the tick: one more');
    t.release();
    // Nothing else is asked for: the next tick is the delayed wake's, at its time (another one would come at once).
    const asked = Date.now();
    ticker.wake(300);
    await ticked(3, 'the delayed wake ticks');
    expect(t.started[2] - asked, 'no tick before the delayed wake: the five wakes made one').toBeGreaterThanOrEqual(
      290,
    );
    // A delayed wake, then one at once: the second ticks now, the first still at its time.
    const again = Date.now();
    ticker.wake(300);
    ticker.wake();
    t.release();
    await ticked(4, 'the wake at once ticks after the running tick');
    expect(t.started[3] - again, 'at once').toBeLessThan(290);
    t.release();
    await ticked(5, 'the delayed wake still ticks');
    expect(t.started[4] - again, 'at its time').toBeGreaterThanOrEqual(290);
    t.release();
    expect(t.concurrent, 'never two ticks at once').toBe(1);
  } finally {
    ticker.stop();
  }
});

test('a worker nothing wakes ticks on its fallback timer, and at once after a tick that left work', async () => {
  let ticks = 0;
  const fallback = new Ticker(
    async () => ++ticks < 0,
    100,
    () => {},
  );
  let busy = 0;
  const more = new Ticker(
    async () => ++busy < 3,
    60_000,
    () => {},
  );
  try {
    fallback.wake();
    more.wake();
    await expect.poll(() => ticks, { ...WAIT, message: 'fallback ticks, every 100 ms' }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => busy, { ...WAIT, message: 'ticks that left work are followed at once' }).toBe(3);
  } finally {
    fallback.stop();
    more.stop();
  }
});

test('a Job read while both watches are up is not read again until a watch event touches it; a lost watch forgets all', () => {
  const jobs = new RunJobs();
  expect(jobs.mustRead('kodex-run-a'), 'no watch yet: every look reads').toBe(true);
  expect(jobs.mustRead('kodex-run-a')).toBe(true);
  jobs.connect();
  jobs.connect();
  expect(jobs.mustRead('kodex-run-a'), 'the first look reads').toBe(true);
  expect(jobs.mustRead('kodex-run-a'), 'unchanged since: not read again').toBe(false);
  expect(jobs.changed('kodex-run-a'), 'a run the worker does not hold: no wake').toBe(false);
  expect(jobs.mustRead('kodex-run-a'), 'a watch event: read again').toBe(true);
  jobs.hold(['kodex-run-a']);
  expect(jobs.changed('kodex-run-a'), 'a run the worker holds: wake').toBe(true);
  expect(jobs.mustRead('kodex-run-a')).toBe(true);
  jobs.readAgain('kodex-run-a');
  expect(jobs.mustRead('kodex-run-a'), 'a state still to act on: read again').toBe(true);
  jobs.disconnect();
  expect(jobs.mustRead('kodex-run-a'), 'a watch dropped: read').toBe(true);
  expect(jobs.mustRead('kodex-run-a'), 'and read at every look until it is back').toBe(true);
  jobs.release('kodex-run-a');
  expect(jobs.changed('kodex-run-a'), 'a run released: no wake').toBe(false);
});

test('a NOTIFY, a change to a held run Job or its pod, and a worker pod gone wake the worker; LISTEN comes back', async ({
  gate,
}) => {
  test.skip(gate.target !== 'local', "uses the local stand's database");
  const token = randomUUID();
  const api = await startKubeApi({ token, pendingMs: 50, runMs: 0, keepAliveMs: 100 });
  const kc = kubeConfigFor(api.url, token);
  const [core, batch] = [kc.makeApiClient(k8s.CoreV1Api), kc.makeApiClient(k8s.BatchV1Api)];
  const pool = new pg.Pool({ connectionString: gate.GATE_DATABASE_URL, max: 2 });
  const wakes: number[] = [];
  const runJobs = new RunJobs();
  const workerId = `kodex-worker-spec-${randomUUID().slice(0, 8)}`;
  const common = { workerId, podNamespace: 'kodex-prod', instanceTtlMs: 2000, runJobs, log: () => {} };
  // The dead worker's heartbeat expires in 700 ms (its worker_instances row, as LeaseRecovery reads it).
  const expiry = new Map([['kodex-worker-gone', 700]]);
  const expiresInMs = async (id: string) => expiry.get(id);
  const wake = (ms = 0) => wakes.push(ms);
  const stop = startWakeups({ ...common, databaseUrl: gate.GATE_DATABASE_URL, kc, wake, expiresInMs });
  const woken = (message: string, count: number) => expect.poll(() => wakes.length, { ...WAIT, message }).toBe(count);
  try {
    await woken('the LISTEN connection and both watches wake it once each as they connect', 3);
    await wakeWorkers(pool);
    await woken('a NOTIFY wakes it', 4);

    const namespace = `spec-wake-${randomUUID().slice(0, 8)}`;
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const [other, held] = [K8S.jobName(randomUUID()), K8S.jobName(randomUUID())];
    runJobs.hold([held]);
    const image = 'kodex/not-pulled:1'; // its pod goes to ImagePullBackOff: a pod change, the Job unchanged
    for (const name of [other, held])
      await batch.createNamespacedJob({
        namespace,
        body: { metadata: { name }, spec: { template: { spec: { containers: [{ name: 'run', image }] } } } },
      });
    // Each watch delivers in order, and the other Job's changes all come before the held one's.
    await expect.poll(() => wakes.length, { ...WAIT, message: "the held run's Job and pod changes wake it" }).toBe(6);
    expect(wakes.slice(4), 'at once').toEqual([0, 0]);

    await core.createNamespacedPod({
      namespace: 'kodex-prod',
      body: { metadata: { name: 'kodex-worker-gone', labels: { ...K8S.workerPodLabels } }, spec: { containers: [] } },
    });
    await core.deleteNamespacedPod({ namespace: 'kodex-prod', name: 'kodex-worker-gone' });
    await woken('a worker pod gone wakes it twice', 8);
    expect(
      wakes.slice(6).sort((a, b) => a - b),
      'when its heartbeat expires, and a TTL after it went, each a little later',
    ).toEqual([725, 2025]);

    await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [
      wakeupClientName(workerId),
    ]);
    await woken('the LISTEN connection comes back, and wakes it for what it missed', 9);
    await wakeWorkers(pool);
    await woken('a NOTIFY wakes it again', 10);
  } finally {
    stop();
    await pool.end();
    await api.close();
  }
});
