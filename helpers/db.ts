import pg from 'pg';
import type { Target } from './config.js';

export interface RunRow {
  id: string;
  correlation_id: string;
  project_id: string | null;
  status: string;
  learning_mode: boolean;
  lease_owner: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
}
export interface SlotRow { id: string; project_id: string; slot_no: number; state: string; lease_owner: string | null; lease_until: Date | null }
export interface FlowEventRow { id: string; correlation_id: string; actor_type: string; actor_id: string | null; event_type: string; payload: any; created_at: Date }

const RUN_COLUMNS = 'id, correlation_id, project_id, status, learning_mode, lease_owner, started_at, finished_at, created_at';

/** The suite's reads of the platform database. Writes are explicit and refused on production. */
export class GateDb {
  private readonly pool: pg.Pool;
  constructor(url: string, private readonly target: Target) {
    this.pool = new pg.Pool({ connectionString: url, max: 3, application_name: 'kodex-gate' });
    // An idle connection dropped by the server (the stand stopping) must not crash the process (pg's advice).
    this.pool.on('error', () => {});
  }
  close() { return this.pool.end(); }

  async runById(id: string): Promise<RunRow | undefined> {
    return (await this.pool.query(`SELECT ${RUN_COLUMNS} FROM agent_runs WHERE id = $1`, [id])).rows[0];
  }
  async runByCorrelation(correlationId: string): Promise<RunRow | undefined> {
    return (await this.pool.query(`SELECT ${RUN_COLUMNS} FROM agent_runs WHERE correlation_id = $1`, [correlationId])).rows[0];
  }
  /** Every run an issue produced in a project, however its correlation id was written. */
  async runsForIssue(projectId: string, issueNumber: number, since: Date): Promise<RunRow[]> {
    return (await this.pool.query(
      `SELECT ${RUN_COLUMNS} FROM agent_runs WHERE project_id = $1 AND (run_payload #>> '{issue,number}')::bigint = $2
       AND created_at >= $3 ORDER BY created_at`, [projectId, issueNumber, since])).rows;
  }
  async activeRunsOfProject(projectId: string): Promise<number> {
    return Number((await this.pool.query(
      `SELECT count(*) AS n FROM agent_runs WHERE project_id = $1 AND status IN ('pending', 'running', 'waiting_backpressure')`, [projectId])).rows[0].n);
  }
  /** A run's status and the slots it leases, read in one statement (no gap between the two). */
  async runWithSlots(runId: string): Promise<{ status: string; slots: SlotRow[] }> {
    const res = await this.pool.query(
      `SELECT r.status, COALESCE(json_agg(s.*) FILTER (WHERE s.id IS NOT NULL), '[]') AS slots
       FROM agent_runs r LEFT JOIN slots s ON s.lease_owner = r.id::text WHERE r.id = $1 GROUP BY r.status`, [runId]);
    return res.rows[0] ?? { status: 'missing', slots: [] };
  }
  async runPayload(id: string): Promise<any> {
    return (await this.pool.query(`SELECT run_payload FROM agent_runs WHERE id = $1`, [id])).rows[0]?.run_payload;
  }
  async flowEvents(correlationId: string): Promise<FlowEventRow[]> {
    return (await this.pool.query(
      `SELECT id, correlation_id, actor_type, actor_id, event_type, payload, created_at FROM flow_events
       WHERE correlation_id = $1 ORDER BY created_at, id`, [correlationId])).rows;
  }
  async slotsLeasedBy(runId: string): Promise<SlotRow[]> {
    return (await this.pool.query(`SELECT * FROM slots WHERE lease_owner = $1 ORDER BY slot_no`, [runId])).rows;
  }
  /** Non-free slots whose lease belongs to a run that has already ended: a slot leak. */
  async leakedSlots(projectId: string): Promise<SlotRow[]> {
    return (await this.pool.query(
      `SELECT s.* FROM slots s JOIN agent_runs r ON r.id::text = s.lease_owner
       WHERE s.project_id = $1 AND s.state <> 'free' AND r.status IN ('succeeded', 'failed', 'canceled')`, [projectId])).rows;
  }
  async userByEmail(email: string): Promise<{ id: string; is_platform_admin: boolean; is_platform_owner: boolean } | undefined> {
    return (await this.pool.query(`SELECT id, is_platform_admin, is_platform_owner FROM users WHERE email = lower($1)`, [email])).rows[0];
  }
  async bindingOf(owner: string, name: string): Promise<{ project_id: string; external_id: number } | undefined> {
    const row = (await this.pool.query(
      `SELECT project_id, external_id FROM repositories WHERE provider = 'github' AND lower(owner) = lower($1) AND lower(name) = lower($2)`,
      [owner, name])).rows[0];
    return row && { project_id: row.project_id, external_id: Number(row.external_id) };
  }
  async repositoryToken(projectId: string, owner: string, name: string): Promise<Buffer | undefined> {
    return (await this.pool.query(
      `SELECT token_encrypted FROM repositories WHERE project_id = $1 AND owner = $2 AND name = $3`, [projectId, owner, name])).rows[0]?.token_encrypted;
  }
  async learningFeedback(runId: string): Promise<{ kind: string; explanation: string }[]> {
    return (await this.pool.query(`SELECT kind, explanation FROM learning_feedback WHERE run_id = $1 ORDER BY id`, [runId])).rows;
  }
  async projectsWithSlugPrefix(prefix: string): Promise<{ id: string; slug: string }[]> {
    return (await this.pool.query(`SELECT id, slug FROM projects WHERE slug LIKE $1 || '%'`, [prefix])).rows;
  }
  async usersWithEmailPrefix(prefix: string): Promise<{ id: string; email: string }[]> {
    return (await this.pool.query(`SELECT id, email::text AS email FROM users WHERE email::text LIKE $1 || '%'`, [prefix])).rows;
  }
  async repositoriesWithNamePrefix(prefix: string): Promise<{ owner: string; name: string }[]> {
    return (await this.pool.query(`SELECT owner, name FROM repositories WHERE name LIKE $1 || '%'`, [prefix])).rows;
  }
  /** Runs started by deliveries carrying a marker: still in agent_runs, or named by their webhook.* flow event. */
  async runIdsOfDeliveryPrefix(prefix: string): Promise<string[]> {
    return (await this.pool.query(`SELECT id::text AS id FROM agent_runs WHERE correlation_id LIKE $1 || '%'
      UNION SELECT payload->>'run_id' FROM flow_events WHERE correlation_id LIKE $1 || '%' AND payload ? 'run_id'`, [prefix])).rows.map((r) => r.id).filter(Boolean);
  }
  /**
   * Consistency (epic Day 7): rows that point at nothing, or break the run/slot invariants, among the
   * rows of deliveries whose id starts with `marker` (this gate run's; other traffic is not ours to judge
   * while it is in flight). webhook.* events may legitimately have no run.
   */
  async orphans(marker: string): Promise<Record<string, number>> {
    const q = async (sql: string) => Number((await this.pool.query(sql, [`${marker}%`])).rows[0].n);
    const ours = `r.correlation_id LIKE $1`;
    return {
      flow_events_without_run: await q(`SELECT count(*) AS n FROM flow_events f WHERE f.correlation_id LIKE $1 AND f.event_type NOT LIKE 'webhook.%'
        AND NOT EXISTS (SELECT 1 FROM agent_runs r WHERE r.correlation_id = f.correlation_id)`),
      slots_leased_by_terminal_run: await q(`SELECT count(*) AS n FROM slots s JOIN agent_runs r ON r.id::text = s.lease_owner
        WHERE ${ours} AND s.state <> 'free' AND r.status IN ('succeeded', 'failed', 'canceled')`),
      terminal_runs_without_finished_at: await q(`SELECT count(*) AS n FROM agent_runs r WHERE ${ours} AND status IN ('succeeded', 'failed', 'canceled') AND finished_at IS NULL`),
      terminal_runs_holding_lease: await q(`SELECT count(*) AS n FROM agent_runs r WHERE ${ours} AND status IN ('succeeded', 'failed', 'canceled') AND lease_owner IS NOT NULL`),
      running_runs_without_started_at: await q(`SELECT count(*) AS n FROM agent_runs r WHERE ${ours} AND status = 'running' AND started_at IS NULL`),
      leased_slots_without_lease_until: await q(`SELECT count(*) AS n FROM slots s JOIN agent_runs r ON r.id::text = s.lease_owner WHERE ${ours} AND s.state = 'leased' AND s.lease_until IS NULL`),
      runs_with_unknown_agent: await q(`SELECT count(*) AS n FROM agent_runs r WHERE ${ours} AND r.agent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agents a WHERE a.id = r.agent_id)`),
    };
  }

  /** The one write the gate needs where the platform has no API (contract §6). */
  async setProjectLearningDefault(projectId: string, enabled: boolean): Promise<void> {
    this.refuseOnProduction('set projects.settings.learning_mode_default');
    await this.pool.query(`UPDATE projects SET settings = settings || jsonb_build_object('learning_mode_default', $2::boolean) WHERE id = $1`, [projectId, enabled]);
  }
  async setGithubLogin(userId: string, login: string): Promise<void> {
    this.refuseOnProduction('set users.github_login');
    await this.pool.query(`UPDATE users SET github_login = $2 WHERE id = $1`, [userId, login]);
  }
  private refuseOnProduction(what: string) {
    if (this.target === 'production') throw new Error(`kodex-gate refuses to ${what} on a production target`);
  }
}
