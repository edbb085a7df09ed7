import * as k8s from '@kubernetes/client-node';
import pg from 'pg';
import { K8S } from '../../contract/kodex.js';
import { WAKE_CHANNEL } from '../db/wake.js';

/** The stand's run Jobs are named `kodex-run-<run id>`. */
const RUN_JOB_PREFIX = K8S.jobName('');
/** Pauses before reconnecting, growing while connections keep failing. */
const RETRY_MS = [100, 250, 500, 1000, 2000];
const retryAfter = (failures: number) => RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
/** The watches RunJobs counts on (Jobs and pods, both started by startWakeups). */
const RUN_WATCHES = 2;
/** A tick this long after a dead worker's heartbeat expires finds it expired (its sweep compares with NOW()). */
const EXPIRY_MARGIN_MS = 25;

/**
 * The run Jobs of the runs a worker holds (their changes wake it), and which of them it need not read again: those
 * it read while both watches were connected and that no watch event (of the Job or of its pods) has touched since.
 * Every change to a Job or a pod is a watch event, so such a Job reads as it did; a watch that drops (or connects)
 * forgets them all, since events may have been missed.
 */
export class RunJobs {
  private readonly held = new Set<string>();
  private readonly unchanged = new Set<string>();
  private connected = 0;

  connect(): void {
    this.connected += 1;
    this.unchanged.clear();
  }

  disconnect(): void {
    this.connected -= 1;
    this.unchanged.clear();
  }

  /** Runs the worker holds now: claimed, or found leased to it by its reconcile. */
  hold(jobs: string[]): void {
    for (const job of jobs) this.held.add(job);
  }

  /** A run the worker no longer holds (it ended, or is another's now). */
  release(job: string): void {
    this.held.delete(job);
    this.unchanged.delete(job);
  }

  /** A watch event of the Job or one of its pods: whether the worker holds its run (then it should tick). */
  changed(job: string): boolean {
    this.unchanged.delete(job);
    return this.held.has(job);
  }

  /**
   * Whether the Job must be read now. If so, it counts as read from now on, until a watch event says otherwise or
   * the caller asks to `readAgain` (a read that failed, or a state the worker still has to act on).
   */
  mustRead(job: string): boolean {
    if (this.unchanged.has(job)) return false;
    if (this.connected === RUN_WATCHES) this.unchanged.add(job);
    return true;
  }

  readAgain(job: string): void {
    this.unchanged.delete(job);
  }
}

export interface WakeupOptions {
  databaseUrl: string;
  kc: k8s.KubeConfig;
  workerId: string;
  /** KODEX_WORKER_POD_NAMESPACE: where the worker pods live. */
  podNamespace: string;
  /** KODEX_WORKER_INSTANCE_TTL: a dead worker's runs can be reclaimed this long after its last heartbeat. */
  instanceTtlMs: number;
  /** Ticks the worker: at once, or after delayMs. */
  wake: (delayMs?: number) => void;
  /** How long until a worker's heartbeat expires (worker_instances), undefined without a row. */
  expiresInMs: (workerId: string) => Promise<number | undefined>;
  runJobs: RunJobs;
  log: (m: string) => void;
}

/**
 * What wakes a stand worker besides its fallback tick: a NOTIFY on the stand's wake-up channel (a run became
 * pending, a run ended or was canceled), a change to a run Job or to one of its pods (the worker reconciles it), and
 * a worker pod that went (its runs can be reclaimed once its heartbeat expires). Each connection comes back when it
 * drops, and wakes the worker when it does, for what it may have missed meanwhile. Returns how to stop them all.
 */
export function startWakeups(o: WakeupOptions): () => void {
  let stopped = false;
  const isStopped = () => stopped;
  const stops = [
    listen(o, isStopped),
    watchForever(o, '/apis/batch/v1/jobs', isStopped, (type, job: k8s.V1Job) => {
      const name = job.metadata?.name ?? '';
      if (name.startsWith(RUN_JOB_PREFIX)) onRunObject(o, name, type);
    }),
    watchForever(o, '/api/v1/pods', isStopped, (type, pod: k8s.V1Pod) => {
      const labels = pod.metadata?.labels ?? {};
      const job = labels['job-name'] ?? '';
      if (job.startsWith(RUN_JOB_PREFIX)) return onRunObject(o, job, type);
      const worker = Object.entries(K8S.workerPodLabels).every(([k, v]) => labels[k] === v);
      const name = pod.metadata?.name ?? '';
      if (type === 'DELETED' && worker && pod.metadata?.namespace === o.podNamespace && name !== o.workerId)
        onWorkerGone(o, name);
    }),
  ];
  return () => {
    stopped = true;
    for (const stop of stops) stop();
  };
}

/**
 * A run's Job or pod changed: read it at the next look; the worker holding the run ticks now, unless the object was
 * merely created (the worker that created the Job has nothing to do then).
 */
function onRunObject(o: WakeupOptions, job: string, type: string) {
  if (o.runJobs.changed(job) && (type === 'MODIFIED' || type === 'DELETED')) o.wake();
}

/**
 * A worker pod went: its runs can be reclaimed once its heartbeat has expired. A tick then, and one a TTL after now
 * (its last heartbeat, perhaps still being written as it died, was before now).
 */
function onWorkerGone(o: WakeupOptions, workerId: string) {
  o.wake(o.instanceTtlMs + EXPIRY_MARGIN_MS);
  o.expiresInMs(workerId).then(
    (ms) => ms !== undefined && o.wake(ms + EXPIRY_MARGIN_MS),
    () => {},
  );
}

/** The LISTEN connection's application_name (pg_stat_activity), by worker. */
export const wakeupClientName = (workerId: string) => `stand-worker-wake ${workerId}`.slice(0, 63);

/** One dedicated database connection LISTENing on the wake-up channel, reconnected when it drops. */
function listen(o: WakeupOptions, stopped: () => boolean): () => void {
  let client: pg.Client | undefined;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  const connect = () => {
    const c = new pg.Client({ connectionString: o.databaseUrl, application_name: wakeupClientName(o.workerId) });
    client = c;
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      client = undefined;
      c.end().catch(() => {});
      if (stopped()) return;
      if (failures === 0)
        o.log(`worker ${o.workerId}: wake-up channel lost (${err?.message ?? 'closed'}), reconnecting`);
      retry = setTimeout(connect, retryAfter(failures++));
    };
    c.on('error', onLost);
    c.on('end', () => onLost());
    c.on('notification', () => o.wake());
    c.connect()
      .then(() => c.query(`LISTEN ${WAKE_CHANNEL}`))
      .then(() => {
        failures = 0;
        o.wake(); // notifications sent while it was away are lost
      }, onLost);
  };
  connect();
  return () => {
    clearTimeout(retry);
    void client?.end().catch(() => {});
  };
}

/** A watch of every object at `path` (all namespaces), opened again whenever it ends. */
function watchForever(
  o: WakeupOptions,
  path: string,
  stopped: () => boolean,
  onEvent: (type: string, object: any) => void,
): () => void {
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  let controller: AbortController | undefined;
  const open = async () => {
    let ended = false;
    let connected = false;
    const done = (err: unknown) => {
      if (ended) return;
      ended = true;
      if (connected) o.runJobs.disconnect();
      if (stopped()) return;
      if (err && failures === 0) o.log(`worker ${o.workerId}: watch ${path} ended (${(err as Error).message})`);
      retry = setTimeout(() => void open(), retryAfter(failures++));
    };
    const handle = (type: string, object: unknown) => {
      if (object && type !== 'ERROR' && type !== 'BOOKMARK') onEvent(type, object);
    };
    controller = await new k8s.Watch(o.kc).watch(path, {}, handle, done).catch((err) => {
      done(err);
      return undefined;
    });
    if (ended) return;
    if (stopped()) return void controller?.abort();
    connected = true;
    failures = 0;
    o.runJobs.connect();
    o.wake(); // changes made while it was away were not seen
  };
  void open();
  return () => {
    clearTimeout(retry);
    controller?.abort();
  };
}
