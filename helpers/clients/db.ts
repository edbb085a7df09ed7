import pg from 'pg';
import { FLOW_EVENTS, RUN_END_EVENTS } from '../../contract/kodex.js';
import type { Target } from '../runner/config.js';
import { consistencyAudit, type Finding } from './db-audit.js';
import { slotInvariantFindings } from './db-slots.js';
import { REMOVE_VOLUME_SQL, SEED_VOLUME_SQL, TABLE_ROWS_SQL, TOP_STATEMENTS_SQL } from './db-volume.js';

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
export interface SlotRow {
  id: string;
  project_id: string;
  slot_no: number;
  state: string;
  lease_owner: string | null;
  lease_until: Date | null;
}
export interface BurstRunRow {
  id: string;
  correlation_id: string;
  status: string;
  issue: number;
  starters: string[];
}
export interface FlowEventRow {
  id: string;
  correlation_id: string;
  actor_type: string;
  actor_id: string | null;
  event_type: string;
  payload: any;
  created_at: Date;
}

const RUN_COLUMNS =
  'id, correlation_id, project_id, status, learning_mode, lease_owner, started_at, finished_at, created_at';

/** The suite's reads of the platform database. Writes are explicit and refused on production. */
export class GateDb {
  private readonly pool: pg.Pool;
  constructor(
    url: string,
    private readonly target: Target,
  ) {
    // On production every session is read-only at the connection level, whatever a method tries.
    const readOnly = target === 'production' ? { options: '-c default_transaction_read_only=on' } : {};
    this.pool = new pg.Pool({ connectionString: url, max: 3, application_name: 'kodex-gate', ...readOnly });
    // An idle connection dropped by the server (the stand stopping) must not crash the process (pg's advice).
    this.pool.on('error', () => {});
  }
  close() {
    return this.pool.end();
  }

  async runById(id: string): Promise<RunRow | undefined> {
    return (await this.pool.query(`SELECT ${RUN_COLUMNS} FROM agent_runs WHERE id = $1`, [id])).rows[0];
  }
  async runByCorrelation(correlationId: string): Promise<RunRow | undefined> {
    return (await this.pool.query(`SELECT ${RUN_COLUMNS} FROM agent_runs WHERE correlation_id = $1`, [correlationId]))
      .rows[0];
  }
  /** Every run an issue produced in a project, however its correlation id was written. */
  async runsForIssue(projectId: string, issueNumber: number, since: Date): Promise<RunRow[]> {
    return (
      await this.pool.query(
        `SELECT ${RUN_COLUMNS} FROM agent_runs WHERE project_id = $1 AND (run_payload #>> '{issue,number}')::bigint = $2
       AND created_at >= $3 ORDER BY created_at`,
        [projectId, issueNumber, since],
      )
    ).rows;
  }

  /**
   * Runs of a project that are not settled yet: still active, or ended without their end flow event (kodex
   * writes it after the finish commits), so removing the project now would race the platform's last write.
   */
  async unsettledRunsOfProject(projectId: string): Promise<string[]> {
    const res = await this.pool.query(
      `SELECT r.id || ' ' || r.status AS run FROM agent_runs r WHERE r.project_id = $1
         AND (r.status IN ('pending', 'running', 'waiting_backpressure') OR NOT EXISTS (
           SELECT 1 FROM flow_events e WHERE e.correlation_id = r.correlation_id AND e.event_type = ANY($2)))`,
      [projectId, RUN_END_EVENTS],
    );
    return res.rows.map((r) => r.run);
  }

  /** A run's status and the slots it leases, read in one statement (no gap between the two). */
  async runWithSlots(runId: string): Promise<{ status: string; slots: SlotRow[] }> {
    const res = await this.pool.query(
      `SELECT r.status, COALESCE(json_agg(s.*) FILTER (WHERE s.id IS NOT NULL), '[]') AS slots
       FROM agent_runs r LEFT JOIN slots s ON s.lease_owner = r.id::text WHERE r.id = $1 GROUP BY r.status`,
      [runId],
    );
    return res.rows[0] ?? { status: 'missing', slots: [] };
  }
  /** The database's clock: compare row timestamps with this, never with the suite's clock. */
  async now(): Promise<Date> {
    return (await this.pool.query(`SELECT now() AS now`)).rows[0].now;
  }
  async slotOfProject(projectId: string, slotNo: number): Promise<SlotRow | undefined> {
    return (await this.pool.query(`SELECT * FROM slots WHERE project_id = $1 AND slot_no = $2`, [projectId, slotNo]))
      .rows[0];
  }
  async slotById(id: string): Promise<SlotRow | undefined> {
    return (await this.pool.query(`SELECT * FROM slots WHERE id = $1`, [id])).rows[0];
  }
  async runPayload(id: string): Promise<any> {
    return (await this.pool.query(`SELECT run_payload FROM agent_runs WHERE id = $1`, [id])).rows[0]?.run_payload;
  }
  async flowEvents(correlationId: string): Promise<FlowEventRow[]> {
    return (
      await this.pool.query(
        `SELECT id, correlation_id, actor_type, actor_id, event_type, payload, created_at FROM flow_events
       WHERE correlation_id = $1 ORDER BY created_at, id`,
        [correlationId],
      )
    ).rows;
  }
  /** agent_runs.agent_logs_json where the target has it (kodex day10), else null. */
  async agentLogs(id: string): Promise<unknown> {
    return (
      (await this.pool.query(`SELECT to_jsonb(r) -> 'agent_logs_json' AS logs FROM agent_runs r WHERE id = $1`, [id]))
        .rows[0]?.logs ?? null
    );
  }
  async slotsLeasedBy(runId: string): Promise<SlotRow[]> {
    return (await this.pool.query(`SELECT * FROM slots WHERE lease_owner = $1 ORDER BY slot_no`, [runId])).rows;
  }
  /** Non-free slots whose lease belongs to a run that has already ended: a slot leak. */
  async leakedSlots(projectId: string): Promise<SlotRow[]> {
    return (
      await this.pool.query(
        `SELECT s.* FROM slots s JOIN agent_runs r ON r.id::text = s.lease_owner
       WHERE s.project_id = $1 AND s.state <> 'free' AND r.status IN ('succeeded', 'failed', 'canceled')`,
        [projectId],
      )
    ).rows;
  }
  /** The project's slots_per_project setting, if it has one. */
  async slotsSetting(projectId: string): Promise<number | undefined> {
    const raw = (
      await this.pool.query(`SELECT settings->>'slots_per_project' AS n FROM projects WHERE id = $1`, [projectId])
    ).rows[0]?.n;
    return raw ? Number(raw) : undefined;
  }
  /**
   * How many runs the project can start now: its free slots, plus the slots kodex has yet to create (it creates
   * them up to slots_per_project, else the worker default, at the next claim).
   */
  async freeSlots(projectId: string, workerDefault: number): Promise<number> {
    const r = (
      await this.pool.query(
        `SELECT COALESCE((SELECT (settings->>'slots_per_project')::int FROM projects WHERE id = $1), $2) AS configured,
           (SELECT count(*) FROM slots WHERE project_id = $1)::int AS existing,
           (SELECT count(*) FROM slots WHERE project_id = $1 AND state = 'free')::int AS free`,
        [projectId, workerDefault],
      )
    ).rows[0];
    return r.free + Math.max(0, r.configured - r.existing);
  }
  /** Every run the given issues produced in a project since `since`, with the actor of each run.started event. */
  async runsOfIssues(projectId: string, issues: number[], since: Date): Promise<BurstRunRow[]> {
    return (
      await this.pool.query(
        `SELECT r.id, r.correlation_id, r.status, (r.run_payload #>> '{issue,number}')::bigint AS issue,
         COALESCE((SELECT array_agg(f.actor_id ORDER BY f.created_at) FROM flow_events f
                   WHERE f.correlation_id = r.correlation_id AND f.event_type = $4), '{}') AS starters
       FROM agent_runs r WHERE r.project_id = $1 AND (r.run_payload #>> '{issue,number}')::bigint = ANY($2::bigint[])
       AND r.created_at >= $3 ORDER BY r.created_at`,
        [projectId, issues, since, FLOW_EVENTS.runStarted],
      )
    ).rows.map((r) => ({ ...r, issue: Number(r.issue) }));
  }
  async userByEmail(
    email: string,
  ): Promise<{ id: string; is_platform_admin: boolean; is_platform_owner: boolean } | undefined> {
    return (
      await this.pool.query(`SELECT id, is_platform_admin, is_platform_owner FROM users WHERE email = lower($1)`, [
        email,
      ])
    ).rows[0];
  }
  async bindingOf(
    owner: string,
    name: string,
  ): Promise<{ project_id: string; external_id: number; services_yaml_path: string } | undefined> {
    const row = (
      await this.pool.query(
        `SELECT project_id, external_id, services_yaml_path FROM repositories WHERE provider = 'github' AND lower(owner) = lower($1) AND lower(name) = lower($2)`,
        [owner, name],
      )
    ).rows[0];
    return (
      row && {
        project_id: row.project_id,
        external_id: Number(row.external_id),
        services_yaml_path: row.services_yaml_path,
      }
    );
  }
  async repositoryToken(projectId: string, owner: string, name: string): Promise<Buffer | undefined> {
    return (
      await this.pool.query(
        `SELECT token_encrypted FROM repositories WHERE project_id = $1 AND owner = $2 AND name = $3`,
        [projectId, owner, name],
      )
    ).rows[0]?.token_encrypted;
  }
  async learningFeedback(runId: string): Promise<{ kind: string; explanation: string }[]> {
    return (
      await this.pool.query(`SELECT kind, explanation FROM learning_feedback WHERE run_id = $1 ORDER BY id`, [runId])
    ).rows;
  }
  async projectsWithSlugPrefix(prefix: string): Promise<{ id: string; slug: string }[]> {
    return (await this.pool.query(`SELECT id, slug FROM projects WHERE slug LIKE $1 || '%'`, [prefix])).rows;
  }
  async memberRole(projectId: string, userId: string): Promise<string | undefined> {
    return (
      await this.pool.query(`SELECT role FROM project_members WHERE project_id = $1 AND user_id = $2`, [
        projectId,
        userId,
      ])
    ).rows[0]?.role;
  }
  async usersWithEmailPrefix(prefix: string): Promise<{ id: string; email: string }[]> {
    return (
      await this.pool.query(`SELECT id, email::text AS email FROM users WHERE email::text LIKE $1 || '%'`, [prefix])
    ).rows;
  }
  /** The platform-wide consistency audit (helpers/clients/db-audit.ts) and the slot invariants, read-only, in one snapshot. */
  audit(): Promise<{ findings: Finding[]; notReadable: string[] }> {
    return this.snapshot(async (q) => {
      const audit = await consistencyAudit(q);
      return { ...audit, findings: [...audit.findings, ...(await slotInvariantFindings(q))] };
    });
  }
  /** One project's slot invariants (helpers/clients/db-slots.ts), in one snapshot. */
  slotInvariants(projectId: string): Promise<Finding[]> {
    return this.snapshot((q) => slotInvariantFindings(q, projectId));
  }
  /** fn's statements in one REPEATABLE READ, READ ONLY transaction: they all see the same committed state. */
  async snapshot<T>(fn: (q: (sql: string, params?: unknown[]) => Promise<any[]>) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
      await client.query(`SET LOCAL statement_timeout = '60s'`);
      return await fn(async (sql, params) => (await client.query(sql, params)).rows);
    } finally {
      await client.query('ROLLBACK').catch(() => {});
      client.release();
    }
  }

  /** EXPLAIN (FORMAT JSON) of one statement, planned with its parameters; nothing is executed. */
  /**
   * The plan of a statement. A row-locking clause is left out: the gate's read-only role may not lock rows
   * (runbook step 4), and the lock sits above the scan the hot-spot check reads, so the scan is the same.
   */
  async explain(sql: string, params: unknown[]): Promise<any> {
    const unlocked = sql.replace(/\bFOR UPDATE(\s+SKIP LOCKED)?/gi, '');
    return (await this.pool.query(`EXPLAIN (FORMAT JSON) ${unlocked}`, params)).rows[0]['QUERY PLAN'];
  }
  async tableRows(): Promise<Record<string, number>> {
    return Object.fromEntries((await this.pool.query(TABLE_ROWS_SQL)).rows.map((r) => [r.relname, Number(r.rows)]));
  }
  /** The top statements by total time, where pg_stat_statements is installed (else undefined). */
  async topStatements(): Promise<any[] | undefined> {
    const has = (await this.pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`)).rowCount;
    return has ? (await this.pool.query(TOP_STATEMENTS_SQL)).rows : undefined;
  }
  /** D3's volume (helpers/clients/db-volume.ts), then fresh planner statistics. */
  async seedVolume(projectId: string, marker: string): Promise<void> {
    this.refuseOnProduction('seed a query volume');
    await this.pool.query(SEED_VOLUME_SQL, [projectId, marker]);
    await this.pool.query('ANALYZE agent_runs, flow_events');
  }
  async removeVolume(projectId: string, marker: string): Promise<void> {
    await this.pool.query(REMOVE_VOLUME_SQL, [projectId, marker]);
  }
  async repositoriesWithNamePrefix(prefix: string): Promise<{ owner: string; name: string }[]> {
    return (await this.pool.query(`SELECT owner, name FROM repositories WHERE name LIKE $1 || '%'`, [prefix])).rows;
  }
  /** Runs started by deliveries carrying a marker: still in agent_runs, or named by their webhook.* flow event. */
  async runIdsOfDeliveryPrefix(prefix: string): Promise<string[]> {
    return (
      await this.pool.query(
        `SELECT id::text AS id FROM agent_runs WHERE correlation_id LIKE $1 || '%'
      UNION SELECT payload->>'run_id' FROM flow_events WHERE correlation_id LIKE $1 || '%' AND payload ? 'run_id'`,
        [prefix],
      )
    ).rows
      .map((r) => r.id)
      .filter(Boolean);
  }

  /**
   * The one write the gate needs where the platform has no API (contract §6). undefined removes the setting (kodex
   * then reads it as off), as a project that never had it.
   */
  async setProjectLearningDefault(projectId: string, enabled: boolean | undefined): Promise<void> {
    this.refuseOnProduction('set projects.settings.learning_mode_default');
    if (enabled === undefined)
      await this.pool.query(`UPDATE projects SET settings = settings - 'learning_mode_default' WHERE id = $1`, [
        projectId,
      ]);
    else
      await this.pool.query(
        `UPDATE projects SET settings = settings || jsonb_build_object('learning_mode_default', $2::boolean) WHERE id = $1`,
        [projectId, enabled],
      );
  }
  /** The project's learning default as stored (undefined: not set), to put back later. */
  async learningDefaultOf(projectId: string): Promise<boolean | undefined> {
    const res = await this.pool.query(`SELECT settings -> 'learning_mode_default' AS v FROM projects WHERE id = $1`, [
      projectId,
    ]);
    return res.rows[0]?.v ?? undefined;
  }
  /** A member's learning override (null: none), to put back later. */
  async learningOverrideOf(projectId: string, userId: string): Promise<boolean | null> {
    const res = await this.pool.query(
      `SELECT learning_mode_override AS v FROM project_members WHERE project_id = $1 AND user_id = $2`,
      [projectId, userId],
    );
    return res.rows[0]?.v ?? null;
  }
  async userIdByGithubLogin(login: string): Promise<string | undefined> {
    return (await this.pool.query(`SELECT id FROM users WHERE lower(github_login) = lower($1)`, [login])).rows[0]?.id;
  }
  async setProjectSlots(projectId: string, slots: number): Promise<void> {
    this.refuseOnProduction('set projects.settings.slots_per_project');
    await this.pool.query(
      `UPDATE projects SET settings = settings || jsonb_build_object('slots_per_project', $2::int) WHERE id = $1`,
      [projectId, slots],
    );
  }
  async setGithubLogin(userId: string, login: string): Promise<void> {
    this.refuseOnProduction('set users.github_login');
    await this.pool.query(`UPDATE users SET github_login = $2 WHERE id = $1`, [userId, login]);
  }
  /** What lets a sender trigger runs in a project (contract: owner/admin, or a member with admin or read_write). */
  async senderStanding(
    projectId: string,
    githubLogin: string,
  ): Promise<{ platform: 'owner' | 'admin' | null; role: string | null } | undefined> {
    const row = (
      await this.pool.query(
        `SELECT u.is_platform_owner, u.is_platform_admin, pm.role FROM users u
       LEFT JOIN project_members pm ON pm.user_id = u.id AND pm.project_id = $1 WHERE lower(u.github_login) = lower($2)`,
        [projectId, githubLogin],
      )
    ).rows[0];
    return (
      row && { platform: row.is_platform_owner ? 'owner' : row.is_platform_admin ? 'admin' : null, role: row.role }
    );
  }
  /** Tries a write that leaves nothing behind (a temp table, rolled back): null if it worked, else the refusal. */
  async writeProbe(): Promise<string | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE TEMP TABLE kodex_gate_write_probe (x int)');
      return null;
    } catch (err) {
      return (err as Error).message;
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }
  /** The privileges the suite needs (doctor): the tables it reads, and the columns of the named writes. */
  async missingPrivileges(): Promise<string[]> {
    const reads = [
      'agent_runs',
      'slots',
      'flow_events',
      'users',
      'projects',
      'project_members',
      'repositories',
      'learning_feedback',
      'agents',
    ];
    const checks = [
      ...reads.map((t) => [`SELECT on ${t}`, `has_table_privilege('${t}', 'SELECT')`]),
      [
        'UPDATE (settings) on projects (setProjectLearningDefault)',
        `has_column_privilege('projects', 'settings', 'UPDATE')`,
      ],
      ['UPDATE (github_login) on users (setGithubLogin)', `has_column_privilege('users', 'github_login', 'UPDATE')`],
    ];
    const missing: string[] = [];
    for (const [what, expr] of checks) {
      const ok = await this.pool.query(`SELECT ${expr} AS ok`).then(
        (r) => r.rows[0].ok as boolean,
        () => false,
      );
      if (!ok) missing.push(what);
    }
    return missing;
  }
  private refuseOnProduction(what: string) {
    if (this.target === 'production') throw new Error(`kodex-gate refuses to ${what} on a production target`);
  }
}
