import type pg from 'pg';
import { K8S, runNamespace } from '../../contract/kodex.js';
import type { Staff } from './auth.js';

const RUN_SELECT = `
  SELECT r.id, r.correlation_id, r.project_id, COALESCE(p.slug, '') AS project_slug, COALESCE(p.name, '') AS project_name,
         r.status, r.run_payload, r.created_at, r.started_at, r.finished_at, r.updated_at
  FROM agent_runs r LEFT JOIN projects p ON p.id = r.project_id`;

/** Only projects the staff member can see; admins see everything. */
const VISIBLE = `($1::boolean OR r.project_id IN (SELECT project_id FROM project_members WHERE user_id = $2::uuid))`;
const LISTED_TRIGGERS = `(r.run_payload #>> '{trigger,label}' LIKE 'run:%' OR r.run_payload #>> '{trigger,label}' IN ('mode:discussion', 'need:reviewer'))`;

export function runJson(row: any) {
  const p = row.run_payload ?? {};
  const issueNumber: number | null = p.issue?.number ?? null;
  const started = row.started_at !== null;
  // kodex reads it from the run's run.started / run.namespace.prepared events; the stand's worker also records it as runtime.namespace
  const namespace =
    started && row.project_id ? p.runtime?.namespace || runNamespace(row.project_id, row.id, issueNumber) : null;
  return {
    id: row.id,
    correlation_id: row.correlation_id,
    project_id: row.project_id,
    project_slug: row.project_slug,
    project_name: row.project_name,
    issue_number: issueNumber,
    issue_url: p.issue?.html_url ?? null,
    pr_number: null,
    pr_url: null,
    trigger_kind: p.trigger?.kind ?? null,
    trigger_label: p.trigger?.label ?? null,
    agent_key: p.agent?.key ?? null,
    job_name: started ? K8S.jobName(row.id) : null,
    job_namespace: namespace,
    namespace,
    job_exists: started,
    namespace_exists: started,
    wait_state: null,
    wait_reason: null,
    wait_since: null,
    last_heartbeat_at: null,
    status: row.status,
    created_at: row.created_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
  };
}

export async function getRunRow(pool: pg.Pool, id: string) {
  const res = await pool.query(`${RUN_SELECT} WHERE r.id = $1`, [id]);
  return res.rows[0];
}

export async function listRuns(pool: pg.Pool, staff: Staff, page: number, pageSize: number) {
  const args = [staff.is_platform_admin, staff.id];
  const where = `WHERE ${VISIBLE} AND ${LISTED_TRIGGERS}`;
  const [items, total] = await Promise.all([
    pool.query(
      `${RUN_SELECT} ${where} ORDER BY r.created_at DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      args,
    ),
    pool.query(`SELECT count(*)::int AS n FROM agent_runs r ${where}`, args),
  ]);
  const waiting = await pool.query(
    `SELECT count(*)::int AS n FROM agent_runs r WHERE ${VISIBLE} AND r.status IN ('pending', 'waiting_backpressure')`,
    args,
  );
  return { items: items.rows.map(runJson), total: total.rows[0].n as number, waitQueue: waiting.rows[0].n as number };
}

export async function listEvents(pool: pg.Pool, correlationId: string, limit: number, includePayload: boolean) {
  const res = await pool.query(
    `SELECT correlation_id, event_type, created_at, payload FROM flow_events WHERE correlation_id = $1
     ORDER BY created_at DESC, id DESC LIMIT $2`,
    [correlationId, limit],
  );
  return res.rows.map((e) => ({
    correlation_id: e.correlation_id,
    event_type: e.event_type,
    created_at: e.created_at,
    payload_json: includePayload ? JSON.stringify(e.payload ?? {}) : '',
  }));
}
