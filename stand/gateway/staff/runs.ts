import { agentLogsTailLines, FLOW_EVENTS, PATHS, TERMINAL_STATUSES } from '../../../contract/kodex.js';
import { inTransaction } from '../../db/tx.js';
import { wakeWorkers } from '../../db/wake.js';
import type { Staff } from '../auth.js';
import { listEvents, runJson } from '../runs.js';
import type { ProjectAccess } from './access.js';
import { limitOf, type Route, type StaffDeps } from './route.js';

/** GetRun, ListRunFlowEvents, GetRunLogs, ListRunLearningFeedback, CancelRun: each behind resolveRunAccess. */
export function runRoutes(route: Route, deps: StaffDeps, access: ProjectAccess) {
  const { pool } = deps;
  route('GET', `${PATHS.staff}/runs/:id`, async (req, _r, s) => {
    const run = runJson(await access.visibleRun(s, req.params.id));
    const stale = deps.faults.has('staff-run-status-stale') && TERMINAL_STATUSES.includes(run.status);
    return stale ? { ...run, status: 'running', finished_at: null } : run;
  });
  route('GET', `${PATHS.staff}/runs/:id/events`, async (req, _r, s) => {
    const run = await access.visibleRun(s, req.params.id);
    const include = ['true', '1'].includes(String((req.query as any).include_payload));
    return { items: await listEvents(pool, run.correlation_id, limitOf(req.query, 500), include) };
  });
  route('GET', `${PATHS.staff}/runs/:id/logs`, async (req, _r, s) => {
    const run = await access.visibleRun(s, req.params.id);
    const tail = Math.min(Math.max(Number((req.query as any).tail_lines) || 200, 1), 2000);
    const logs = (await pool.query(`SELECT agent_logs_json FROM agent_runs WHERE id = $1`, [run.id])).rows[0]
      .agent_logs_json;
    return {
      run_id: run.id,
      status: run.status,
      updated_at: run.updated_at,
      snapshot_json: JSON.stringify(logs ?? {}),
      tail_lines: agentLogsTailLines(logs, tail),
    };
  });
  route('GET', `${PATHS.staff}/runs/:id/learning-feedback`, async (req, _r, s) => {
    const run = await access.visibleRun(s, req.params.id);
    const res = await pool.query(
      `SELECT id, run_id, repository_id, pr_number, file_path, line, kind, explanation, created_at
       FROM learning_feedback WHERE run_id = $1 ORDER BY created_at, id LIMIT $2`,
      [run.id, limitOf(req.query)],
    );
    return { items: res.rows.map((f) => ({ ...f, id: Number(f.id) })) };
  });
  route('POST', `${PATHS.staff}/runs/:id/cancel`, async (req, _r, s) => {
    const run = await access.visibleRun(s, req.params.id);
    await access.requireRunWrite(s, run.project_id);
    return cancelRun(deps, s, run);
  });
}

/** runstatus.CancelRun: stop the Job, cancel the run and release its slot in one transaction, then run.canceled. */
async function cancelRun(deps: StaffDeps, s: Staff, run: any) {
  const { pool, faults } = deps;
  const previous = run.status;
  const terminal = TERMINAL_STATUSES.includes(previous);
  const answer = (current: string, jobStopped: boolean) => ({
    run_id: run.id,
    action: 'cancel',
    previous_status: previous,
    current_status: current,
    already_terminal: terminal,
    runtime_deploy_cancel_requested: false,
    job_stopped: jobStopped,
    canceled_github_waits: 0,
  });
  if (terminal && previous !== 'canceled') return answer(previous, false);
  const json = runJson(run);
  const jobStopped =
    json.job_name && json.job_namespace && !faults.has('cancel-leaves-job')
      ? await deps.kube.deleteJob(json.job_namespace, json.job_name)
      : false;
  if (terminal) return answer('canceled', jobStopped);
  await inTransaction(pool, async (c) => {
    const done = await c.query(
      `UPDATE agent_runs SET status = 'canceled', finished_at = NOW(), lease_owner = NULL, lease_until = NULL, updated_at = NOW()
       WHERE id = $1 AND status IN ('pending', 'running', 'waiting_backpressure')`,
      [run.id],
    );
    if (done.rowCount && !faults.has('cancel-keeps-slot'))
      await c.query(
        `UPDATE slots SET state = 'free', lease_owner = NULL, lease_until = NULL, updated_at = NOW()
         WHERE lease_owner = $1 AND state IN ('leased', 'releasing')`,
        [run.id],
      );
    // A slot freed, or a pending run gone from the head of the queue: the workers may claim (at COMMIT).
    if (done.rowCount) await wakeWorkers(c);
  });
  const result = answer('canceled', jobStopped);
  // service_cancel.go: a staff cancel is recorded as a human actor, by email.
  await pool.query(
    `INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload) VALUES ($1, 'human', $2, $3, $4)`,
    [
      run.correlation_id,
      s.email || s.github_login || s.id,
      FLOW_EVENTS.runCanceled,
      {
        ...result,
        action: undefined,
        requested_by_type: 'staff_user',
        requested_by_id: s.id,
        requested_by_email: s.email || undefined,
        requested_by_github_login: s.github_login || undefined,
      },
    ],
  );
  return result;
}
