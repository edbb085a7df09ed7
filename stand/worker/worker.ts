import * as k8s from '@kubernetes/client-node';
import type pg from 'pg';
import { FLOW_EVENTS, K8S, LEARNING_FEEDBACK, RUN_FAILED_REASON, type RunJobSettings } from '../../contract/kodex.js';
import type { Faults } from '../faults.js';
import { agentLogsOf, jobFor, mintMcpToken, namespaceObject, runEnv, type ClaimedRun } from './job-spec.js';
import { relabel, resolveNamespace, runtimeNamespace as namespaceFor } from './namespace.js';
import { jobState, type JobState } from './job-status.js';
import { inTransaction } from '../db/tx.js';
import { wakeWorkers } from '../db/wake.js';
import { LeaseRecovery } from './lease-recovery.js';
import { Ticker } from './ticker.js';
import { RunJobs, startWakeups } from './wakeups.js';

export interface WorkerOptions {
  workerId: string;
  /** The fallback tick: how long the worker waits for a tick when nothing wakes it (stand/worker/wakeups.ts). */
  pollMs: number;
  /** The database the worker LISTENs on for wake-ups (its pool's). */
  databaseUrl: string;
  slotsPerProject: number;
  slotLeaseSeconds: number;
  runLeaseSeconds: number;
  /** KODEX_WORKER_POD_NAMESPACE and KODEX_WORKER_INSTANCE_TTL: liveness for stale-lease recovery. */
  podNamespace: string;
  instanceTtlMs: number;
  jobImage: string;
  botToken: string;
  /** KODEX_WORKER_JOB_* settings the launcher builds Jobs from (TTL, deadline, backoff, command, service account). */
  jobSettings: RunJobSettings;
  /** The control plane's MCP token signing key (the run's KODEX_MCP_BEARER_TOKEN). */
  mcpSigningKey: string;
  faults: Faults;
  log: (m: string) => void;
}

const isConflict = (err: any) => err?.code === 409;
const isNotFound = (err: any) => err?.code === 404;
/** Claims one tick makes at most before it reconciles again; a tick that made them all is followed at once. */
const CLAIMS_PER_TICK = 8;

/**
 * The kodex worker loop (contract §3): reconcile running runs, then claim and launch pending ones. kodex's worker
 * polls; the stand's ticks when woken (a run became pending, a slot was freed, a run Job or pod changed: see
 * wakeups.ts), and every `pollMs` when nothing woke it (stale leases, missed wake-ups). What it does in a tick is
 * kodex's either way.
 */
export class Worker {
  private readonly ticker: Ticker;
  private readonly runJobs = new RunJobs();
  private stopWakeups?: () => void;
  private readonly core: k8s.CoreV1Api;
  private readonly batch: k8s.BatchV1Api;
  private readonly rbac: k8s.RbacAuthorizationV1Api;
  private readonly stolen = new Set<string>();
  private readonly recovery: LeaseRecovery;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    private readonly kc: k8s.KubeConfig,
    private readonly o: WorkerOptions,
  ) {
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.batch = kc.makeApiClient(k8s.BatchV1Api);
    this.rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    this.recovery = new LeaseRecovery(pool, this.core, o);
    this.ticker = new Ticker(
      () => this.tick(),
      o.pollMs,
      (err) => o.log(`worker ${o.workerId}: ${err.message}`),
    );
  }

  start(): void {
    const beat = () => this.recovery.heartbeat().catch((err) => this.o.log(`heartbeat: ${err.message}`));
    void beat();
    this.heartbeat = setInterval(beat, Math.max(this.o.instanceTtlMs / 4, 50));
    const { databaseUrl, workerId, podNamespace, instanceTtlMs, log } = this.o;
    this.stopWakeups = startWakeups({
      databaseUrl,
      workerId,
      podNamespace,
      instanceTtlMs,
      log,
      kc: this.kc,
      runJobs: this.runJobs,
      wake: (delayMs) => this.ticker.wake(delayMs),
      expiresInMs: (id) => this.recovery.expiresInMs(id),
    });
    this.ticker.wake();
  }

  /** Ticks at once (or right after the tick running now). */
  wake(): void {
    this.ticker.wake();
  }

  stop(): void {
    this.ticker.stop();
    clearInterval(this.heartbeat);
    this.stopWakeups?.();
  }

  /** One pass of the loop; true when it stopped with runs perhaps still to claim. */
  private async tick(): Promise<boolean> {
    await this.recovery.releaseStale();
    await this.reconcileRunning();
    for (let i = 0; i < CLAIMS_PER_TICK; i++) {
      const run = await this.claim();
      if (!run) return false;
      await this.launch(run);
    }
    return true;
  }

  private async event(correlationId: string, type: string, payload: object, db: pg.Pool | pg.PoolClient = this.pool) {
    if (this.o.faults.has('flow-events-missing') && type.startsWith('run.')) return;
    await db.query(
      `INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload) VALUES ($1, 'system', $2, $3, $4)`,
      [correlationId, this.o.workerId, type, JSON.stringify(payload)],
    );
  }

  /** One transaction: pick the oldest pending run, lease the lowest free slot, mark it running. */
  private async claim(): Promise<ClaimedRun | undefined> {
    const doubleClaim = this.o.faults.has('double-claim');
    return inTransaction(this.pool, async (c) => {
      const picked = doubleClaim
        ? await c.query(
            `SELECT id, correlation_id, project_id, run_payload, learning_mode FROM agent_runs
           WHERE (status = 'pending' OR (status = 'running' AND lease_owner <> $1 AND NOT (id = ANY($2::uuid[]))))
           ORDER BY created_at LIMIT 1`,
            [this.o.workerId, [...this.stolen]],
          )
        : await c.query(
            `SELECT id, correlation_id, project_id, run_payload, learning_mode FROM agent_runs
           WHERE status = 'pending' ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1`,
          );
      if (!picked.rowCount) return undefined;
      const run: ClaimedRun = { ...picked.rows[0], slot_no: null };
      if (doubleClaim) this.stolen.add(run.id);
      await c.query(
        // kodex: the project's settings.slots_per_project, else KODEX_WORKER_SLOTS_PER_PROJECT.
        `INSERT INTO slots (project_id, slot_no) SELECT $1, n FROM generate_series(1,
           COALESCE((SELECT (settings->>'slots_per_project')::int FROM projects WHERE id = $1), $2)) n ON CONFLICT DO NOTHING`,
        [run.project_id, this.o.slotsPerProject],
      );
      await c.query(
        `UPDATE slots SET state = 'free', lease_owner = NULL, lease_until = NULL, updated_at = NOW()
         WHERE project_id = $1 AND state <> 'free' AND lease_until < NOW()`,
        [run.project_id],
      );
      const slot = await c.query(
        `SELECT id, slot_no FROM slots WHERE project_id = $1 AND state = 'free' ORDER BY slot_no
         ${doubleClaim ? '' : 'FOR UPDATE SKIP LOCKED'} LIMIT 1`,
        [run.project_id],
      );
      // The slot-lease-skipped fault starts one run per project without a lease, whether a slot is free or not.
      const skipLease = await this.skipsLease(c, run.project_id);
      if (!slot.rowCount && !skipLease) return undefined; // no free slot: the run stays pending
      if (slot.rowCount && !skipLease) {
        run.slot_no = slot.rows[0].slot_no;
        await c.query(
          `UPDATE slots SET state = 'leased', lease_owner = $2, lease_until = NOW() + make_interval(secs => $3), updated_at = NOW() WHERE id = $1`,
          [slot.rows[0].id, run.id, this.o.slotLeaseSeconds],
        );
      }
      await c.query(
        `UPDATE agent_runs SET status = 'running', lease_owner = $2, lease_until = NOW() + make_interval(secs => $3),
           started_at = COALESCE(started_at, NOW()), updated_at = NOW() WHERE id = $1`,
        [run.id, this.o.workerId, this.o.runLeaseSeconds],
      );
      this.runJobs.hold([K8S.jobName(run.id)]);
      return run;
    });
  }

  /** Under the slot-lease-skipped fault: whether the project has no run running without a slot yet. */
  private async skipsLease(c: pg.PoolClient, projectId: string): Promise<boolean> {
    if (!this.o.faults.has('slot-lease-skipped')) return false;
    const res = await c.query(
      `SELECT 1 FROM agent_runs r WHERE r.project_id = $1 AND r.status = 'running'
         AND NOT EXISTS (SELECT 1 FROM slots s WHERE s.lease_owner = r.id::text)`,
      [projectId],
    );
    return res.rowCount === 0;
  }

  private async createIgnoringConflict(create: () => Promise<unknown>) {
    try {
      await create();
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }

  private async launch(run: ClaimedRun): Promise<void> {
    let namespace = namespaceFor(run);
    const inputs = { image: this.o.jobImage, botToken: this.o.botToken, mcpToken: '', settings: this.o.jobSettings };
    try {
      namespace = await resolveNamespace(run, this.pool);
      inputs.mcpToken = await mintMcpToken(run, namespace, this.o.mcpSigningKey);
      const job = jobFor(run, namespace, inputs, this.o.faults);
      const nsObject = namespaceObject(run, namespace);
      await this.core.createNamespace({ body: nsObject }).catch(async (err) => {
        if (!isConflict(err)) throw err;
        await relabel(this.core, namespace, nsObject.metadata!.labels!);
      });
      await this.createIgnoringConflict(() =>
        this.core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'codex-runner' } } }),
      );
      await this.createIgnoringConflict(() =>
        this.rbac.createNamespacedRole({
          namespace,
          body: {
            metadata: { name: 'codex-runner' },
            rules: [{ apiGroups: ['', 'apps', 'batch'], resources: ['*'], verbs: ['*'] }],
          },
        }),
      );
      await this.createIgnoringConflict(() =>
        this.rbac.createNamespacedRoleBinding({
          namespace,
          body: {
            metadata: { name: 'codex-runner' },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'codex-runner' },
            subjects: [{ kind: 'ServiceAccount', name: 'codex-runner', namespace }],
          },
        }),
      );
      await this.event(run.correlation_id, FLOW_EVENTS.namespacePrepared, { run_id: run.id, namespace });
      // kodex schedules the namespace's TTL and resolves the run profile before it creates the Job (run_job_launch.go).
      await this.event(run.correlation_id, FLOW_EVENTS.namespaceTtlScheduled, { run_id: run.id, namespace });
      await this.event(run.correlation_id, FLOW_EVENTS.profileResolved, { run_id: run.id, project_id: run.project_id });
      // An existing Job counts as launched (upstream: AlreadyExists is success).
      await this.createIgnoringConflict(() => this.batch.createNamespacedJob({ namespace, body: job }));
    } catch (err) {
      await this.finish(run, 'failed', FLOW_EVENTS.runFailedLaunchError, {
        error: (err as Error).message,
        reason: 'namespace_prepare_failed',
      });
      return;
    }
    const p = run.run_payload ?? {};
    await this.event(run.correlation_id, FLOW_EVENTS.runStarted, {
      run_id: run.id,
      project_id: run.project_id,
      slot_no: run.slot_no,
      job_name: K8S.jobName(run.id),
      job_namespace: namespace,
      runtime_mode: 'full-env',
      repository_full_name: p.repository?.full_name,
      agent_key: p.agent?.key,
      issue_number: p.issue?.number,
      trigger_kind: p.trigger?.kind,
      trigger_label: p.trigger?.label,
      job_image: this.o.jobImage,
      ...(this.o.faults.has('secret-in-flow-events') ? { env: runEnv(run, namespace, inputs) } : {}),
    });
  }

  /** Claims its own, unowned or expired run leases, renews them, and finishes runs whose Job ended. */
  private async reconcileRunning(): Promise<void> {
    const runs: (ClaimedRun & { stale_reclaim_pending: boolean })[] = await inTransaction(this.pool, async (c) => {
      const res = await c.query(
        `SELECT id, correlation_id, project_id, run_payload, learning_mode, stale_reclaim_pending FROM agent_runs
         WHERE status = 'running' AND (lease_owner = $1 OR lease_owner IS NULL OR lease_until < NOW())
         ORDER BY started_at FOR UPDATE SKIP LOCKED LIMIT 50`,
        [this.o.workerId],
      );
      const ids = res.rows.map((r) => r.id);
      if (ids.length) {
        await c.query(
          `UPDATE agent_runs SET lease_owner = $2, lease_until = NOW() + make_interval(secs => $3), stale_reclaim_pending = FALSE
           WHERE id = ANY($1::uuid[])`,
          [ids, this.o.workerId, this.o.runLeaseSeconds],
        );
        await c.query(
          `UPDATE slots SET lease_until = NOW() + make_interval(secs => $2) WHERE lease_owner = ANY($1::text[])`,
          [ids, this.o.slotLeaseSeconds],
        );
      }
      return res.rows.map((r) => ({ ...r, slot_no: null }));
    });
    if (this.o.faults.has('run-stuck-running')) return;
    this.runJobs.hold(runs.map((r) => K8S.jobName(r.id)));
    for (const run of runs) {
      if (run.stale_reclaim_pending) await this.recovery.reclaimed(run, namespaceFor(run));
      const state = await this.observeIfChanged(run, run.stale_reclaim_pending);
      if (state === undefined) continue;
      if (state === 'not_found' && (await this.neverLaunched(run))) await this.relaunch(run);
      else if (state === 'succeeded') await this.finish(run, 'succeeded', FLOW_EVENTS.runSucceeded, {});
      else if (state === 'failed') {
        if (this.o.faults.has('failed-job-succeeds')) await this.finish(run, 'succeeded', FLOW_EVENTS.runSucceeded, {});
        else await this.finish(run, 'failed', FLOW_EVENTS.runFailed, { reason: RUN_FAILED_REASON });
      }
    }
  }

  /** Its worker died between the claim and the launch: no run.started was written for it. */
  private async neverLaunched(run: ClaimedRun): Promise<boolean> {
    const res = await this.pool.query(`SELECT 1 FROM flow_events WHERE correlation_id = $1 AND event_type = $2`, [
      run.correlation_id,
      FLOW_EVENTS.runStarted,
    ]);
    return res.rowCount === 0;
  }

  /**
   * kodex's tryRecoverMissingRunJob: a running full-env run without a Job is prepared and launched again. The
   * stand does so only for a run never launched (kodex also for one whose Job vanished later).
   */
  private async relaunch(run: ClaimedRun): Promise<void> {
    const slot = await this.pool.query(`SELECT slot_no FROM slots WHERE lease_owner = $1`, [run.id]);
    await this.launch({ ...run, slot_no: slot.rows[0]?.slot_no ?? null });
  }

  /**
   * The run's Job state, read unless the watches say its Job and pods did not change since the last read (then
   * undefined: nothing to do). A state the worker acts on is read again next time, in case acting fails.
   */
  private async observeIfChanged(run: ClaimedRun, force: boolean): Promise<JobState | undefined> {
    const job = K8S.jobName(run.id);
    if (!this.runJobs.mustRead(job) && !force) return undefined;
    let state: JobState;
    try {
      state = await this.observe(run);
    } catch (err) {
      this.runJobs.readAgain(job);
      throw err;
    }
    if (state !== 'running' && state !== 'pending') this.runJobs.readAgain(job);
    return state;
  }

  private async observe(run: ClaimedRun): Promise<JobState> {
    const namespace = namespaceFor(run);
    const name = K8S.jobName(run.id);
    let job: k8s.V1Job | undefined;
    try {
      job = await this.batch.readNamespacedJob({ name, namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return jobState(job, await this.podsOf(run));
  }

  private async podsOf(run: ClaimedRun): Promise<k8s.V1Pod[]> {
    const res = await this.core
      .listNamespacedPod({ namespace: namespaceFor(run), labelSelector: `job-name=${K8S.jobName(run.id)}` })
      .catch(() => ({ items: [] }));
    return res.items;
  }

  private async podLog(run: ClaimedRun): Promise<string[]> {
    const namespace = namespaceFor(run);
    const pod = (await this.podsOf(run))[0]?.metadata?.name;
    if (!pod) return [];
    const text = await this.core
      .readNamespacedPodLog({ name: pod, namespace, container: K8S.container, tailLines: 200 })
      .catch(() => '');
    return String(text).split('\n').filter(Boolean);
  }

  /** One transaction: status, finished_at, leases cleared, slot released; then event and feedback. */
  async finish(
    run: ClaimedRun,
    status: 'succeeded' | 'failed',
    eventType: string,
    extra: { error?: string; reason?: string },
  ): Promise<void> {
    const namespace = namespaceFor(run);
    const jobName = K8S.jobName(run.id);
    const logs = await agentLogsOf(run, status, await this.podLog(run), this.o.mcpSigningKey, this.o.faults);
    const finished = await inTransaction(this.pool, async (c) => {
      const done = await c.query(
        `UPDATE agent_runs SET status = $3, finished_at = NOW(), lease_owner = NULL, lease_until = NULL,
           agent_logs_json = $4, updated_at = NOW() WHERE id = $1 AND lease_owner = $2 AND status = 'running'`,
        [run.id, this.o.workerId, status, JSON.stringify(logs)],
      );
      if (!done.rowCount) return false; // another worker owns it now, or it was canceled
      const keepsSlot =
        this.o.faults.has('slot-never-freed') || (status === 'failed' && this.o.faults.has('failed-run-keeps-slot'));
      if (!keepsSlot) {
        await c.query(`UPDATE slots SET state = 'releasing', updated_at = NOW() WHERE lease_owner = $1`, [run.id]);
        const state = this.o.faults.has('slot-released-not-free') ? 'releasing' : 'free';
        await c.query(
          `UPDATE slots SET state = $2, lease_owner = NULL, lease_until = NULL, updated_at = NOW() WHERE lease_owner = $1`,
          [run.id, state],
        );
        await wakeWorkers(c); // its slot is free: a run waiting for one can be claimed
      }
      return true;
    });
    this.runJobs.release(jobName); // ended, canceled, or another worker's now
    if (!finished) return;
    // As upstream: the end event, then the feedback, after the finish transaction has committed.
    await this.event(run.correlation_id, eventType, {
      run_id: run.id,
      project_id: run.project_id,
      status,
      job_name: jobName,
      job_namespace: namespace,
      runtime_mode: 'full-env',
      namespace,
      ...extra,
    });
    if (run.learning_mode && !this.o.faults.has('learning-feedback-missing')) {
      await this.pool
        .query(`INSERT INTO learning_feedback (run_id, kind, explanation) VALUES ($1, 'inline', $2)`, [
          run.id,
          LEARNING_FEEDBACK.text(status, namespace, jobName),
        ])
        .catch((err) => this.o.log(`learning feedback: ${err.message}`));
    }
  }
}
