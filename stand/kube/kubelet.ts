/**
 * Simulated job controller + kubelet: every new Job gets one Pod that goes Pending → Running → Succeeded/Failed,
 * with the Job status following as the real controller writes it. The kubelet knows images (`images`, by
 * default the gate agent's, agent/gate-agent.mjs): it runs a known image's entry point as a node child process
 * with the image's env overlaid by the container's, its stdout/stderr as the pod log and its exit code as the
 * container's. An image it does not know never pulls (ImagePullBackOff). A non-zero exit fails the pod under
 * restartPolicy Never; under OnFailure/Always the container restarts behind CrashLoopBackOff.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { GATE_AGENT } from '../../contract/gate-agent.mjs';
import { randomSuffix, timestamp, type KubeObject, type Store, type StoreEvent } from './store.js';
import { JOBS, PODS, storeKey } from './resources.js';

/** What the kubelet can run for an image: a node entry point and the image's own env (Containerfile ENV). */
export interface KnownImage {
  entry: string;
  env: Record<string, string>;
}
export interface KubeletOptions {
  pendingMs: number;
  /** The gate agent's default run time (GATE_AGENT_DEFAULT_DURATION_MS of its stand image). */
  runMs: number;
  log?: (msg: string) => void;
  /** Images by name; default: the gate agent's stand image (see agentImage). */
  images?: Record<string, KnownImage>;
}
export interface LogEntry {
  time: string;
  text: string;
}

export const AGENT_ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../agent/gate-agent.mjs');

/**
 * The gate agent's stand image. Its GitHub API is the stand's GitHub stand-in, read at each start from
 * STAND_GITHUB_API_URL (the stand sets it once the stand-in listens); a held agent polls the local stand-in every
 * 100 ms (a real cluster's image keeps the agent's 2 s default, gentle on GitHub's rate limit).
 */
function agentImage(runMs: number, githubApiUrl = process.env.STAND_GITHUB_API_URL ?? ''): KnownImage {
  return {
    entry: AGENT_ENTRY,
    env: {
      [GATE_AGENT.env.githubApiUrl]: githubApiUrl,
      [GATE_AGENT.env.defaultDurationMs]: String(runMs),
      [GATE_AGENT.env.pollMs]: '100',
    },
  };
}

/**
 * The stand's container runtime dies with the stand: a container process whose kubelet is gone (the stand was
 * killed outright) exits instead of running out a long duration. Preloaded, so the agent itself stays as shipped.
 */
const CONTAINER_GUARD = `data:text/javascript,${encodeURIComponent(
  'const p = process.ppid; setInterval(() => { try { process.kill(p, 0); } catch { process.exit(137); } }, 1000).unref();',
)}`;

const JOB = storeKey(JOBS);
const POD = storeKey(PODS);
const NODE = 'kodex-stand-node';

interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string }[];
}
/** One Job's pod run. */
interface Run {
  ns: string;
  job: string;
  jobUid: string;
  pod: string;
  container: Container;
  restartPolicy: string;
  restarts: number;
}

const podKey = (ns: string, name: string) => `${ns}/${name}`;
const isFinished = (job: KubeObject) =>
  (job.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => ['Complete', 'Failed'].includes(c.type) && c.status === 'True',
  );

export class Kubelet {
  /** Emits ('line', podKey, LogEntry) and ('end', podKey) for followed logs. */
  readonly logEvents = new EventEmitter();
  private readonly timers = new Map<string, Set<NodeJS.Timeout>>(); // by Job uid
  private readonly children = new Map<string, ChildProcess>(); // by Job uid
  private readonly logs = new Map<string, LogEntry[]>(); // by podKey
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly opts: KubeletOptions,
  ) {
    this.logEvents.setMaxListeners(0);
    this.unsubscribe = store.subscribe((ev) => this.onEvent(ev));
  }

  podLog(ns: string, pod: string): LogEntry[] | undefined {
    return this.logs.get(podKey(ns, pod));
  }

  close(): void {
    this.unsubscribe();
    for (const uid of [...this.timers.keys(), ...this.children.keys()]) this.clearTimers(uid);
  }

  private image(name = ''): KnownImage | undefined {
    if (this.opts.images) return this.opts.images[name];
    return name === GATE_AGENT.standImage ? agentImage(this.opts.runMs) : undefined;
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
        this.kill(owner.uid);
        this.later(owner.uid, 0, () => this.failVanished(namespace, owner.name, owner.uid));
      }
    }
  }

  private startJob(ns: string, name: string, uid: string): void {
    const job = this.store.get(JOB, ns, name);
    if (!job || job.metadata.uid !== uid || job.spec.suspend) return;
    const template = job.spec.template ?? {};
    const containers: Container[] = template.spec?.containers ?? [];
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
        ownerReferences: [
          { apiVersion: 'batch/v1', kind: 'Job', name, uid, controller: true, blockOwnerDeletion: true },
        ],
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
    this.store.mutate(
      JOB,
      ns,
      name,
      (j) => {
        j.status = { ...j.status, active: 1, ready: 0, terminating: 0, startTime: now, uncountedTerminatedPods: {} };
      },
      uid,
    );

    // The stand runs one container per pod: the first (kodex's run Jobs have exactly one).
    const run: Run = {
      ns,
      job: name,
      jobUid: uid,
      pod: pod.metadata.name,
      container: containers[0] ?? { name: 'run' },
      restartPolicy: template.spec?.restartPolicy ?? 'Always',
      restarts: 0,
    };
    this.opts.log?.(`kube: job ${ns}/${name} → pod ${run.pod} (image ${run.container.image})`);
    const deadline = job.spec.activeDeadlineSeconds;
    if (typeof deadline === 'number') this.later(uid, deadline * 1000, () => this.finish(run, 1, 'DeadlineExceeded'));
    if (!this.image(run.container.image)) {
      this.later(uid, this.opts.pendingMs, () =>
        this.setContainers(run, (c) => ({
          ...c,
          state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } },
        })),
      );
    } else {
      this.later(uid, this.opts.pendingMs, () => this.start(run));
    }
  }

  private start(run: Run): void {
    const image = this.image(run.container.image)!;
    const now = timestamp();
    const pod = this.store.mutate(POD, run.ns, run.pod, (p) => {
      p.status.phase = 'Running';
      p.status.podIP ??= `10.244.0.${2 + Math.floor(Math.random() * 250)}`;
      p.status.conditions = ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: now,
      }));
      p.status.containerStatuses = p.status.containerStatuses.map((c: ContainerStatus) => ({
        ...c,
        ready: true,
        started: true,
        imageID: `${c.image}@sha256:${'0'.repeat(64)}`,
        state: { running: { startedAt: now } },
      }));
    });
    if (!pod) return;
    this.store.mutate(
      JOB,
      run.ns,
      run.job,
      (j) => {
        j.status.ready = 1;
      },
      run.jobUid,
    );
    // The container sees only its image's env and its own, never the stand's (secrets live there).
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...image.env,
      ...Object.fromEntries((run.container.env ?? []).map((e) => [e.name, e.value ?? ''])),
    };
    const child = spawn(process.execPath, ['--import', CONTAINER_GUARD, image.entry], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(run.jobUid, child);
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream }).on('line', (line) => this.appendLog(run, line));
    child.on('error', (err) => this.appendLog(run, `kubelet: cannot start ${image.entry}: ${err.message}`));
    child.on('close', (code, signal) => {
      if (this.children.get(run.jobUid) !== child) return; // killed by the kubelet: the pod is gone or past its deadline
      this.children.delete(run.jobUid);
      const exitCode = code ?? (signal ? 128 + 15 : 1);
      if (exitCode === 0) this.finish(run, 0);
      else if (run.restartPolicy === 'Never') this.finish(run, exitCode);
      else this.crash(run, exitCode);
    });
  }

  /** A failed container under restartPolicy OnFailure/Always: CrashLoopBackOff, then a restart. */
  private crash(run: Run, exitCode: number): void {
    const now = timestamp();
    run.restarts += 1;
    this.setContainers(run, (c) => ({
      ...c,
      ready: false,
      started: false,
      restartCount: run.restarts,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off restarting failed container=${c.name} pod=${run.pod}`,
        },
      },
      lastState: {
        terminated: { exitCode, reason: 'Error', startedAt: c.state.running?.startedAt ?? now, finishedAt: now },
      },
    }));
    this.store.mutate(
      JOB,
      run.ns,
      run.job,
      (j) => {
        j.status.ready = 0;
      },
      run.jobUid,
    );
    this.later(run.jobUid, Math.min(this.opts.pendingMs * 2 ** run.restarts, 10_000), () => this.start(run));
  }

  private finish(run: Run, exitCode: number, reason = 'BackoffLimitExceeded'): void {
    this.clearTimers(run.jobUid);
    const succeeded = exitCode === 0 && reason !== 'DeadlineExceeded';
    const now = timestamp();
    this.store.mutate(POD, run.ns, run.pod, (p) => {
      p.status.phase = succeeded ? 'Succeeded' : 'Failed';
      if (reason === 'DeadlineExceeded')
        Object.assign(p.status, { reason, message: 'Pod was active on the node longer than the specified deadline' });
      p.status.conditions = (p.status.conditions ?? []).map((c: { type: string }) =>
        ['Ready', 'ContainersReady'].includes(c.type)
          ? { ...c, status: 'False', reason: 'PodCompleted', lastTransitionTime: now }
          : c,
      );
      p.status.containerStatuses = p.status.containerStatuses.map((c: ContainerStatus) => ({
        ...c,
        ready: false,
        started: false,
        state: {
          terminated: {
            exitCode,
            reason: succeeded ? 'Completed' : 'Error',
            startedAt: c.state.running?.startedAt ?? now,
            finishedAt: now,
          },
        },
      }));
    });
    this.logEvents.emit('end', podKey(run.ns, run.pod));
    const job = this.store.mutate(
      JOB,
      run.ns,
      run.job,
      (j) => {
        j.status = jobFinalStatus(j, succeeded, reason, now);
      },
      run.jobUid,
    );
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
    this.store.mutate(
      JOB,
      ns,
      name,
      (j) => {
        j.status = jobFinalStatus(j, false, 'BackoffLimitExceeded', timestamp());
      },
      uid,
    );
  }

  private setContainers(run: Run, fn: (c: ContainerStatus) => ContainerStatus): void {
    this.store.mutate(POD, run.ns, run.pod, (p) => {
      p.status.containerStatuses = p.status.containerStatuses.map(fn);
    });
  }

  private appendLog(run: Run, text: string): void {
    const key = podKey(run.ns, run.pod);
    if (!this.store.get(POD, run.ns, run.pod)) return;
    const entry = { time: new Date().toISOString(), text };
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
      try {
        fn();
      } catch (err) {
        this.opts.log?.(`kube: kubelet error: ${(err as Error).stack}`);
      }
    }, ms);
    set.add(t);
  }

  /** Stops a Job's container process, if one runs. */
  private kill(jobUid: string): void {
    const child = this.children.get(jobUid);
    this.children.delete(jobUid);
    if (child && child.exitCode === null) child.kill('SIGKILL');
  }

  private clearTimers(jobUid: string): void {
    this.kill(jobUid);
    for (const t of this.timers.get(jobUid) ?? []) clearTimeout(t);
    this.timers.delete(jobUid);
  }
}

type ContainerStatus = Record<string, any>;

function containerStatus(c: Container, state: object): ContainerStatus {
  return {
    name: c.name,
    image: c.image ?? '',
    imageID: '',
    ready: false,
    restartCount: 0,
    started: false,
    state,
    lastState: {},
  };
}

function jobFinalStatus(job: KubeObject, succeeded: boolean, reason: string, now: string) {
  const cond = (type: string, r: string, message: string) => ({
    type,
    status: 'True',
    lastProbeTime: now,
    lastTransitionTime: now,
    reason: r,
    message,
  });
  const base = { startTime: job.status?.startTime ?? now, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
  if (succeeded) {
    const msg = 'Reached expected number of succeeded pods';
    return {
      ...base,
      completionTime: now,
      succeeded: 1,
      conditions: [cond('SuccessCriteriaMet', 'CompletionsReached', msg), cond('Complete', 'CompletionsReached', msg)],
    };
  }
  const msg =
    reason === 'DeadlineExceeded'
      ? 'Job was active longer than specified deadline'
      : 'Job has reached the specified backoff limit';
  return { ...base, failed: 1, conditions: [cond('FailureTarget', reason, msg), cond('Failed', reason, msg)] };
}
