import type * as k8s from '@kubernetes/client-node';
import type pg from 'pg';
import { FLOW_EVENTS, K8S } from '../../contract/kodex.js';
import type { Faults } from '../faults.js';

export interface LeaseRecoveryOptions {
  workerId: string;
  /** KODEX_WORKER_POD_NAMESPACE: where the worker pods live. */
  podNamespace: string;
  /** KODEX_WORKER_INSTANCE_TTL (kodex 1m): how long a heartbeat keeps a worker alive. */
  instanceTtlMs: number;
  faults: Faults;
}

const selector = Object.entries(K8S.workerPodLabels)
  .map(([k, v]) => `${k}=${v}`)
  .join(',');

/** kodex's release_stale_running_leases.sql: leases of dead or stopped workers (or of pods that are gone). */
const RELEASE_STALE = `
WITH stale AS (
  SELECT r.id, r.correlation_id, COALESCE(r.project_id::text, '') AS project_id,
         r.lease_owner AS previous_lease_owner, r.lease_until AS previous_lease_until,
         wi.heartbeat_at, wi.expires_at, CASE WHEN wi.worker_id IS NULL THEN 'missing' ELSE wi.status END AS worker_status
  FROM agent_runs r LEFT JOIN worker_instances wi ON wi.worker_id = r.lease_owner
  WHERE r.status = 'running' AND r.lease_owner IS NOT NULL
    AND ((wi.worker_id IS NOT NULL AND (wi.status <> 'active' OR wi.expires_at < NOW()))
      OR (wi.worker_id IS NULL AND (($1::boolean AND NOT (r.lease_owner = ANY($2::text[])))
                                 OR (NOT $1::boolean AND (r.lease_until IS NULL OR r.lease_until < NOW())))))
  ORDER BY COALESCE(wi.expires_at, r.lease_until, r.updated_at) FOR UPDATE OF r SKIP LOCKED LIMIT 200
)
UPDATE agent_runs r SET lease_owner = NULL, lease_until = NULL, stale_reclaim_pending = TRUE, updated_at = NOW()
FROM stale s WHERE r.id = s.id
RETURNING r.id, s.correlation_id, s.project_id, s.previous_lease_owner, s.previous_lease_until,
          s.heartbeat_at, s.expires_at, s.worker_status`;

/**
 * Whether RELEASE_STALE could release anything: a run lease whose owner is not a live worker_instances row. Without
 * one it releases nothing whatever the pod list says, so the sweep skips the list and the update (kodex runs both in
 * every sweep, to the same effect).
 */
const ANY_STALE = `
SELECT 1 FROM agent_runs r LEFT JOIN worker_instances wi ON wi.worker_id = r.lease_owner
WHERE r.status = 'running' AND r.lease_owner IS NOT NULL
  AND (wi.worker_id IS NULL OR wi.status <> 'active' OR wi.expires_at < NOW())
LIMIT 1`;

/** A regression: the dead worker's run goes back to the queue and is launched again. */
const REQUEUE_STALE = `
UPDATE agent_runs r SET status = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = NOW()
FROM worker_instances wi WHERE wi.worker_id = r.lease_owner AND r.status = 'running' AND wi.expires_at < NOW()
RETURNING r.id`;

/** The worker's liveness (worker_heartbeat.go) and its stale-lease sweep (service_lease_recovery.go). */
export class LeaseRecovery {
  private readonly startedAt = new Date();

  constructor(
    private readonly pool: pg.Pool,
    private readonly core: k8s.CoreV1Api,
    private readonly o: LeaseRecoveryOptions,
  ) {}

  heartbeat(): Promise<unknown> {
    return this.pool.query(
      `INSERT INTO worker_instances (worker_id, namespace, pod_name, status, started_at, heartbeat_at, expires_at)
       VALUES ($1, $2, $1, 'active', $3, NOW(), NOW() + make_interval(secs => $4))
       ON CONFLICT (worker_id) DO UPDATE SET status = 'active', heartbeat_at = EXCLUDED.heartbeat_at,
         expires_at = EXCLUDED.expires_at, updated_at = NOW()`,
      [this.o.workerId, this.o.podNamespace, this.startedAt, this.o.instanceTtlMs / 1000],
    );
  }

  /** How long until a worker's heartbeat expires (0 when it has), or undefined when it has no worker_instances row. */
  async expiresInMs(workerId: string): Promise<number | undefined> {
    const res = await this.pool.query(
      `SELECT GREATEST(0, CEIL(EXTRACT(EPOCH FROM (expires_at - NOW())) * 1000))::int AS ms
       FROM worker_instances WHERE worker_id = $1`,
      [workerId],
    );
    return res.rows[0]?.ms;
  }

  /** Clears the run leases of workers that are gone, with kodex's three flow events per run. */
  async releaseStale(): Promise<void> {
    if (this.o.faults.has('stale-lease-never-reclaimed')) return;
    if (this.o.faults.has('stale-run-requeued')) {
      await this.pool.query(REQUEUE_STALE);
      return;
    }
    if (!(await this.pool.query(ANY_STALE)).rowCount) return;
    // Without the pod list, a lease whose owner has no worker_instances row waits for its TTL (as upstream).
    const active = await this.core
      .listNamespacedPod({ namespace: this.o.podNamespace, labelSelector: selector })
      .then((l) => l.items.map((p) => p.metadata?.name ?? '').filter(Boolean))
      .catch(() => undefined);
    const released = await this.pool.query(RELEASE_STALE, [active !== undefined, active ?? []]);
    for (const r of released.rows) {
      const at = (d: Date | null) => (d ? new Date(d).toISOString() : '');
      const common = { run_id: r.id, project_id: r.project_id, worker_status: r.worker_status };
      const worker = { worker_heartbeat_at: at(r.heartbeat_at), worker_expires_at: at(r.expires_at) };
      const lease = { previous_lease_owner: r.previous_lease_owner, previous_lease_until: at(r.previous_lease_until) };
      await this.event(r.correlation_id, FLOW_EVENTS.workerHeartbeatMissed, {
        ...common,
        worker_id: r.previous_lease_owner,
        ...worker,
        previous_lease_until: lease.previous_lease_until,
      });
      await this.event(r.correlation_id, FLOW_EVENTS.runLeaseDetectedStale, { ...common, ...lease, ...worker });
      await this.event(r.correlation_id, FLOW_EVENTS.runLeaseReleased, { ...common, ...lease, ...worker });
    }
  }

  /** run.reclaimed_after_stale_lease, written by the worker that took over (insertRunLeaseRecoveredEvent). */
  reclaimed(run: { id: string; correlation_id: string; project_id: string }, namespace: string): Promise<void> {
    return this.event(run.correlation_id, FLOW_EVENTS.runReclaimed, {
      run_id: run.id,
      project_id: run.project_id,
      worker_id: this.o.workerId,
      runtime_mode: 'full-env',
      namespace,
    });
  }

  private async event(correlationId: string, type: string, payload: object): Promise<void> {
    await this.pool.query(
      `INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload) VALUES ($1, 'system', $2, $3, $4)`,
      [correlationId, this.o.workerId, type, JSON.stringify(payload)],
    );
  }
}
