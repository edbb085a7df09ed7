/**
 * Simulated job controller + kubelet: every new Job gets one Pod that goes Pending → Running →
 * Succeeded/Failed on timers, with the Job status following as the real controller writes it.
 * The outcome is steered per Job by annotations (OUTCOME_ANNOTATION, DURATION_ANNOTATION).
 */
import { EventEmitter } from 'node:events';
import { randomSuffix, timestamp, type KubeObject, type Store, type StoreEvent } from './store.js';
import { JOBS, PODS, storeKey } from './resources.js';

export const OUTCOME_ANNOTATION = 'stand.kodex-gate/outcome';
export const DURATION_ANNOTATION = 'stand.kodex-gate/duration-ms';
export const OUTCOMES = ['succeed', 'fail', 'image-pull-backoff', 'crash-loop', 'hang'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface KubeletOptions { pendingMs: number; runMs: number; log?: (msg: string) => void }
export interface LogEntry { time: string; text: string }

const JOB = storeKey(JOBS);
const POD = storeKey(PODS);
const NODE = 'kodex-stand-node';

/** One Job's pod run. */
interface Run { ns: string; job: string; jobUid: string; pod: string; runId: string; outcome: Outcome; durationMs: number }

const podKey = (ns: string, name: string) => `${ns}/${name}`;
const isFinished = (job: KubeObject) =>
  (job.status?.conditions ?? []).some((c: { type: string; status: string }) => ['Complete', 'Failed'].includes(c.type) && c.status === 'True');

export class Kubelet {
  /** Emits ('line', podKey, LogEntry) and ('end', podKey) for followed logs. */
  readonly logEvents = new EventEmitter();
  private readonly timers = new Map<string, Set<NodeJS.Timeout>>(); // by Job uid
  private readonly logs = new Map<string, LogEntry[]>(); // by podKey
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store, private readonly opts: KubeletOptions) {
    this.logEvents.setMaxListeners(0);
    this.unsubscribe = store.subscribe((ev) => this.onEvent(ev));
  }

  podLog(ns: string, pod: string): LogEntry[] | undefined { return this.logs.get(podKey(ns, pod)); }

  close(): void {
    this.unsubscribe();
    for (const set of this.timers.values()) for (const t of set) clearTimeout(t);
    this.timers.clear();
  }

  private onEvent({ type, resource, object }: StoreEvent): void {
    const { namespace = '', name, uid = '' } = object.metadata;
    if (resource === JOB && type === 'ADDED') this.later(uid, 0, () => this.startJob(namespace, name, uid));
    if (resource === JOB && type === 'DELETED') this.clearTimers(uid);
    if (resource === POD && type === 'DELETED') {
      this.logs.delete(podKey(namespace, name));
      this.logEvents.emit('end', podKey(namespace, name));
      const owner = object.metadata.ownerReferences?.find((r) => r.kind === 'Job' && r.controller);
      // A job pod that vanishes before finishing counts as failed (the stand's Jobs have no retries).
      if (owner && !['Succeeded', 'Failed'].includes(object.status?.phase)) {
        this.later(owner.uid, 0, () => this.failVanished(namespace, owner.name, owner.uid));
      }
    }
  }

  private plan(job: KubeObject): Pick<Run, 'outcome' | 'durationMs'> {
    const ann = job.metadata.annotations ?? {};
    let outcome = (ann[OUTCOME_ANNOTATION] ?? 'succeed') as Outcome;
    if (!OUTCOMES.includes(outcome)) {
      this.opts.log?.(`kube: job ${job.metadata.name}: unknown outcome ${JSON.stringify(outcome)}, using succeed`);
      outcome = 'succeed';
    }
    const annotated = Number(ann[DURATION_ANNOTATION]);
    const durationMs = ann[DURATION_ANNOTATION] && annotated >= 0 ? annotated : this.opts.runMs;
    return { outcome, durationMs };
  }

  private startJob(ns: string, name: string, uid: string): void {
    const job = this.store.get(JOB, ns, name);
    if (!job || job.metadata.uid !== uid || job.spec.suspend) return;
    const template = job.spec.template ?? {};
    const containers: { name: string; image?: string; env?: { name: string; value?: string }[] }[] = template.spec?.containers ?? [];
    const now = timestamp();
    const pod = this.store.create(POD, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${name}-${randomSuffix()}`,
        generateName: `${name}-`,
        namespace: ns,
        labels: { ...template.metadata?.labels },
        ...(template.metadata?.annotations && { annotations: template.metadata.annotations }),
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { serviceAccountName: 'default', ...structuredClone(template.spec ?? {}), nodeName: NODE },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }],
        hostIP: '10.0.0.10',
        startTime: now,
        qosClass: 'BestEffort',
        containerStatuses: containers.map((c) => containerStatus(c, { waiting: { reason: 'ContainerCreating' } })),
      },
    });
    this.store.mutate(JOB, ns, name, (j) => {
      j.status = { ...j.status, active: 1, ready: 0, terminating: 0, startTime: now, uncountedTerminatedPods: {} };
    }, uid);

    const runId = containers.flatMap((c) => c.env ?? []).find((e) => e.name === 'KODEX_RUN_ID')?.value
      ?? job.metadata.labels?.['kodex.works/run-id'] ?? name;
    const run: Run = { ns, job: name, jobUid: uid, pod: pod.metadata.name, runId, ...this.plan(job) };
    this.opts.log?.(`kube: job ${ns}/${name} → pod ${run.pod} (outcome ${run.outcome}, ${run.durationMs}ms)`);
    const deadline = job.spec.activeDeadlineSeconds;
    if (typeof deadline === 'number') this.later(uid, deadline * 1000, () => this.finish(run, false, 'DeadlineExceeded'));
    if (run.outcome === 'image-pull-backoff') {
      this.later(uid, this.opts.pendingMs, () => this.setContainers(run, (c) => ({
        ...c, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } },
      })));
    } else {
      this.later(uid, this.opts.pendingMs, () => this.start(run));
    }
  }

  private start(run: Run): void {
    const now = timestamp();
    const pod = this.store.mutate(POD, run.ns, run.pod, (p) => {
      p.status.phase = 'Running';
      p.status.podIP = `10.244.0.${2 + Math.floor(Math.random() * 250)}`;
      p.status.conditions = ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({
        type, status: 'True', lastProbeTime: null, lastTransitionTime: now,
      }));
      p.status.containerStatuses = p.status.containerStatuses.map((c: ContainerStatus) => ({
        ...c, ready: true, started: true, imageID: `${c.image}@sha256:${'0'.repeat(64)}`, state: { running: { startedAt: now } },
      }));
    });
    if (!pod) return;
    this.store.mutate(JOB, run.ns, run.job, (j) => { j.status.ready = 1; }, run.jobUid);
    this.appendLog(run, 'starting');
    this.appendLog(run, 'phase=Running');
    if (run.outcome === 'crash-loop') this.later(run.jobUid, run.durationMs, () => this.crash(run));
    else if (run.outcome !== 'hang') this.later(run.jobUid, run.durationMs, () => this.finish(run, run.outcome === 'succeed'));
  }

  private crash(run: Run): void {
    this.appendLog(run, 'crashed exitCode=1');
    const now = timestamp();
    this.setContainers(run, (c) => ({
      ...c, ready: false, started: false, restartCount: 1,
      state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=${c.name} pod=${run.pod}` } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: c.state.running?.startedAt ?? now, finishedAt: now } },
    }));
    this.store.mutate(JOB, run.ns, run.job, (j) => { j.status.ready = 0; }, run.jobUid);
  }

  private finish(run: Run, succeeded: boolean, reason = 'BackoffLimitExceeded'): void {
    this.clearTimers(run.jobUid);
    const now = timestamp();
    this.store.mutate(POD, run.ns, run.pod, (p) => {
      p.status.phase = succeeded ? 'Succeeded' : 'Failed';
      if (reason === 'DeadlineExceeded') Object.assign(p.status, { reason, message: 'Pod was active on the node longer than the specified deadline' });
      p.status.conditions = (p.status.conditions ?? []).map((c: { type: string }) =>
        ['Ready', 'ContainersReady'].includes(c.type) ? { ...c, status: 'False', reason: 'PodCompleted', lastTransitionTime: now } : c);
      p.status.containerStatuses = p.status.containerStatuses.map((c: ContainerStatus) => ({
        ...c, ready: false, started: false,
        state: { terminated: { exitCode: succeeded ? 0 : 1, reason: succeeded ? 'Completed' : 'Error', startedAt: c.state.running?.startedAt ?? now, finishedAt: now } },
      }));
    });
    this.appendLog(run, `finished status=${succeeded ? 'succeeded' : 'failed'}`);
    this.logEvents.emit('end', podKey(run.ns, run.pod));
    const job = this.store.mutate(JOB, run.ns, run.job, (j) => { j.status = jobFinalStatus(j, succeeded, reason, now); }, run.jobUid);
    const ttl = job?.spec.ttlSecondsAfterFinished;
    if (typeof ttl === 'number') {
      this.later(run.jobUid, ttl * 1000, () => {
        if (this.store.delete(JOB, run.ns, run.job)) this.store.deleteOwnedBy(run.jobUid);
      });
    }
  }

  private failVanished(ns: string, name: string, uid: string): void {
    const job = this.store.get(JOB, ns, name);
    if (!job || job.metadata.uid !== uid || isFinished(job)) return;
    this.clearTimers(uid);
    this.store.mutate(JOB, ns, name, (j) => { j.status = jobFinalStatus(j, false, 'BackoffLimitExceeded', timestamp()); }, uid);
  }

  private setContainers(run: Run, fn: (c: ContainerStatus) => ContainerStatus): void {
    this.store.mutate(POD, run.ns, run.pod, (p) => { p.status.containerStatuses = p.status.containerStatuses.map(fn); });
  }

  private appendLog(run: Run, text: string): void {
    const key = podKey(run.ns, run.pod);
    if (!this.store.get(POD, run.ns, run.pod)) return;
    const entry = { time: new Date().toISOString(), text: `kodex-agent-runner: run ${run.runId} ${text}` };
    const lines = this.logs.get(key) ?? [];
    lines.push(entry);
    this.logs.set(key, lines);
    this.logEvents.emit('line', key, entry);
  }

  private later(jobUid: string, ms: number, fn: () => void): void {
    const set = this.timers.get(jobUid) ?? new Set();
    this.timers.set(jobUid, set);
    const t = setTimeout(() => {
      set.delete(t);
      if (!set.size) this.timers.delete(jobUid);
      try { fn(); } catch (err) { this.opts.log?.(`kube: kubelet error: ${(err as Error).stack}`); }
    }, ms);
    set.add(t);
  }

  private clearTimers(jobUid: string): void {
    for (const t of this.timers.get(jobUid) ?? []) clearTimeout(t);
    this.timers.delete(jobUid);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ContainerStatus = Record<string, any>;

function containerStatus(c: { name: string; image?: string }, state: object): ContainerStatus {
  return { name: c.name, image: c.image ?? '', imageID: '', ready: false, restartCount: 0, started: false, state, lastState: {} };
}

function jobFinalStatus(job: KubeObject, succeeded: boolean, reason: string, now: string) {
  const cond = (type: string, r: string, message: string) =>
    ({ type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: r, message });
  const base = { startTime: job.status?.startTime ?? now, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
  if (succeeded) {
    const msg = 'Reached expected number of succeeded pods';
    return { ...base, completionTime: now, succeeded: 1,
      conditions: [cond('SuccessCriteriaMet', 'CompletionsReached', msg), cond('Complete', 'CompletionsReached', msg)] };
  }
  const msg = reason === 'DeadlineExceeded' ? 'Job was active longer than specified deadline' : 'Job has reached the specified backoff limit';
  return { ...base, failed: 1, conditions: [cond('FailureTarget', reason, msg), cond('Failed', reason, msg)] };
}
