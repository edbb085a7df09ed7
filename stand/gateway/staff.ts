import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import {
  agentLogsTailLines,
  ERRORS,
  FLOW_EVENTS,
  MEMBER_ROLES,
  PATHS,
  STAFF_AUTH,
  TERMINAL_STATUSES,
} from '../../contract/kodex.js';
import type { Faults } from '../faults.js';
import { HttpError, staffOf, type Staff } from './auth.js';
import { getRunRow, listEvents, runJson } from './runs.js';
import { encryptToken } from '../../contract/token-format.js';
import { inTransaction } from '../db/tx.js';
import type { GitHubClient } from './github-client.js';
import type { KubeJobs } from './kube-client.js';

export interface StaffDeps {
  pool: pg.Pool;
  faults: Faults;
  tokenKey: string;
  bootstrapProjectId: string;
  learningModeDefault: boolean;
  github: GitHubClient;
  kube: KubeJobs;
  /** KODEX_GITHUB_WEBHOOK_URL: the public webhook URL (known once the gateway listens; port 0 picks one). */
  webhookUrl: () => string;
  webhookSecret: string;
}

const bad = (message: string, field?: string) =>
  new HttpError(400, { code: 'invalid_argument', message, ...(field ? { field } : {}) });
const limitOf = (q: any, fallback = 200) => Math.min(Math.max(Number(q?.limit) || fallback, 1), 1000);
const requireAdmin = (s: Staff) => {
  if (!s.is_platform_admin) throw new HttpError(403, ERRORS.platformAdminRequired);
};
const requireOwner = (s: Staff) => {
  if (!s.is_platform_owner) throw new HttpError(403, ERRORS.platformOwnerRequired);
};
const USER_JSON = `id, email::text AS email, github_user_id, github_login, is_platform_admin, is_platform_owner`;
const userJson = (u: any) => ({ ...u, github_user_id: u.github_user_id === null ? null : Number(u.github_user_id) });
const repoJson = (r: any) => ({
  id: r.id,
  project_id: r.project_id,
  alias: r.alias,
  role: r.role,
  default_ref: r.default_ref,
  provider: r.provider,
  external_id: Number(r.external_id),
  owner: r.owner,
  name: r.name,
  services_yaml_path: r.services_yaml_path,
  docs_root_path: r.docs_root_path,
  bot_username: null,
  bot_email: null,
  preflight_updated_at: null,
});

export function staffRoutes(app: FastifyInstance, deps: StaffDeps) {
  const { pool } = deps;
  type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string>; Body: any }>;
  type Handler = (req: Req, reply: FastifyReply, staff: Staff) => Promise<unknown>;
  const route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, handler: Handler) =>
    app.route({
      method,
      url,
      handler: async (req: Req, reply) => {
        try {
          const result = await handler(req, reply, staffOf(req));
          if (!reply.sent && result !== undefined) return reply.send(result);
        } catch (err) {
          if (err instanceof HttpError) return reply.code(err.status).send(err.body);
          throw err;
        }
      },
    });

  async function projectRole(staff: Staff, projectId: string): Promise<string> {
    if (staff.is_platform_admin) return 'admin';
    const m = await pool.query(`SELECT role FROM project_members WHERE project_id = $1 AND user_id = $2`, [
      projectId,
      staff.id,
    ]);
    if (!m.rowCount) throw new HttpError(403, ERRORS.projectAccessRequired);
    return m.rows[0].role;
  }
  async function visibleRun(staff: Staff, id: string) {
    const row = await getRunRow(pool, id);
    if (!row) throw new HttpError(400, ERRORS.notFound('run_id'));
    if (!staff.is_platform_admin) {
      if (!row.project_id) throw new HttpError(403, { code: 'forbidden', message: 'run is not assigned to a project' });
      await projectRole(staff, row.project_id);
    }
    return row;
  }

  route('GET', PATHS.authMe, async (_q, _r, s) => ({
    user: {
      id: s.id,
      email: s.email,
      github_login: s.github_login ?? '',
      is_platform_admin: s.is_platform_admin,
      is_platform_owner: s.is_platform_owner,
    },
  }));
  route('POST', PATHS.authLogout, async (_q, reply) => {
    reply.header('set-cookie', [
      `${STAFF_AUTH.jwtCookie}=; Path=/; Max-Age=0; HttpOnly`,
      `_oauth2_proxy=; Path=/; Max-Age=0`,
    ]);
    return reply.code(204).send();
  });

  // Projects
  route('GET', PATHS.projects, async (req, _r, s) => {
    const rows = s.is_platform_admin
      ? await pool.query(`SELECT id, slug, name, 'admin' AS role FROM projects ORDER BY slug LIMIT $1`, [
          limitOf(req.query),
        ])
      : await pool.query(
          `SELECT p.id, p.slug, p.name, m.role FROM projects p JOIN project_members m ON m.project_id = p.id
                          WHERE m.user_id = $1 ORDER BY p.slug LIMIT $2`,
          [s.id, limitOf(req.query)],
        );
    return { items: rows.rows };
  });
  route('POST', PATHS.projects, async (req, reply, s) => {
    requireAdmin(s);
    const { slug, name } = (req.body ?? {}) as any;
    if (typeof slug !== 'string' || !slug.trim()) throw bad('slug: is required');
    if (typeof name !== 'string' || !name.trim()) throw bad('name: is required');
    // Upsert by slug; settings are merged with the env default, so saving again resets it (upstream behaviour).
    const res = await pool.query(
      `INSERT INTO projects (id, slug, name, settings) VALUES ($1, $2, $3, jsonb_build_object('learning_mode_default', $4::boolean))
       ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, settings = projects.settings || EXCLUDED.settings, updated_at = NOW()
       RETURNING id, slug, name`,
      [randomUUID(), slug.trim(), name.trim(), deps.learningModeDefault],
    );
    return reply.code(201).send({ ...res.rows[0], role: 'admin' });
  });
  route('GET', `${PATHS.projects}/:id`, async (req, _r, s) => {
    const role = await projectRole(s, req.params.id);
    const res = await pool.query(`SELECT id, slug, name FROM projects WHERE id = $1`, [req.params.id]);
    if (!res.rowCount) throw new HttpError(400, ERRORS.notFound('project_id'));
    return { ...res.rows[0], role };
  });
  route('DELETE', `${PATHS.projects}/:id`, async (req, reply, s) => {
    requireOwner(s);
    if (req.params.id === deps.bootstrapProjectId)
      throw new HttpError(403, { code: 'forbidden', message: 'platform project cannot be deleted' });
    await inTransaction(pool, async (c) => {
      if (!deps.faults.has('orphan-rows')) {
        await c.query(
          `DELETE FROM flow_events WHERE correlation_id IN (SELECT correlation_id FROM agent_runs WHERE project_id = $1)`,
          [req.params.id],
        );
      }
      await c.query(`DELETE FROM projects WHERE id = $1`, [req.params.id]);
    });
    return reply.code(204).send();
  });

  // Runs
  route('GET', `${PATHS.staff}/runs/:id`, async (req, _r, s) => {
    const run = runJson(await visibleRun(s, req.params.id));
    const stale = deps.faults.has('staff-run-status-stale') && TERMINAL_STATUSES.includes(run.status);
    return stale ? { ...run, status: 'running', finished_at: null } : run;
  });
  route('GET', `${PATHS.staff}/runs/:id/events`, async (req, _r, s) => {
    const run = await visibleRun(s, req.params.id);
    const include = ['true', '1'].includes(String((req.query as any).include_payload));
    return { items: await listEvents(pool, run.correlation_id, limitOf(req.query, 500), include) };
  });
  route('GET', `${PATHS.staff}/runs/:id/logs`, async (req, _r, s) => {
    const run = await visibleRun(s, req.params.id);
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
    const run = await visibleRun(s, req.params.id);
    const res = await pool.query(
      `SELECT id, run_id, repository_id, pr_number, file_path, line, kind, explanation, created_at
       FROM learning_feedback WHERE run_id = $1 ORDER BY created_at, id LIMIT $2`,
      [run.id, limitOf(req.query)],
    );
    return { items: res.rows.map((f) => ({ ...f, id: Number(f.id) })) };
  });
  route('POST', `${PATHS.staff}/runs/:id/cancel`, async (req, _r, s) => {
    const run = await visibleRun(s, req.params.id);
    const terminal = TERMINAL_STATUSES.includes(run.status);
    let jobStopped = false;
    if (!terminal) {
      await pool.query(
        `UPDATE agent_runs SET status = 'canceled', finished_at = NOW(), lease_owner = NULL, lease_until = NULL, updated_at = NOW() WHERE id = $1`,
        [run.id],
      );
      await pool.query(
        `UPDATE slots SET state = 'free', lease_owner = NULL, lease_until = NULL, updated_at = NOW() WHERE lease_owner = $1`,
        [run.id],
      );
      const json = runJson(run);
      if (json.job_name && json.job_namespace)
        jobStopped = await deps.kube.deleteJob(json.job_namespace, json.job_name);
      // kodex records the cancel in the run's audit trail (runstatus/service_cancel.go).
      await pool.query(
        `INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload) VALUES ($1, 'staff', $2, $3, $4)`,
        [
          run.correlation_id,
          s.id,
          FLOW_EVENTS.runCanceled,
          { run_id: run.id, previous_status: run.status, current_status: 'canceled', job_stopped: jobStopped },
        ],
      );
    }
    return {
      run_id: run.id,
      action: 'cancel',
      previous_status: run.status,
      current_status: terminal ? run.status : 'canceled',
      already_terminal: terminal,
      runtime_deploy_cancel_requested: false,
      job_stopped: jobStopped,
      canceled_github_waits: 0,
    };
  });

  // Users
  route('GET', PATHS.users, async (req, _r, s) => {
    requireAdmin(s);
    if (deps.faults.has('users-page-broken')) throw new HttpError(500, ERRORS.internal);
    const res = await pool.query(`SELECT ${USER_JSON} FROM users ORDER BY email LIMIT $1`, [limitOf(req.query)]);
    return { items: res.rows.map(userJson) };
  });
  route('POST', PATHS.users, async (req, reply, s) => {
    requireAdmin(s);
    const { email, is_platform_admin } = (req.body ?? {}) as any;
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) throw bad('email: must be a valid email');
    const res = await pool.query(
      `INSERT INTO users (email, is_platform_admin) VALUES (lower($1), $2)
       ON CONFLICT (email) DO UPDATE SET is_platform_admin = EXCLUDED.is_platform_admin, updated_at = NOW() RETURNING ${USER_JSON}`,
      [email, is_platform_admin === true],
    );
    return reply.code(201).send(userJson(res.rows[0]));
  });
  route('DELETE', `${PATHS.users}/:id`, async (req, reply, s) => {
    requireAdmin(s);
    if (req.params.id === s.id) throw new HttpError(403, ERRORS.cannotDeleteSelf);
    const target = await pool.query(`SELECT is_platform_admin, is_platform_owner FROM users WHERE id = $1`, [
      req.params.id,
    ]);
    if (!target.rowCount) throw new HttpError(400, ERRORS.notFound('user_id'));
    const t = target.rows[0];
    if (t.is_platform_owner || (t.is_platform_admin && !s.is_platform_owner))
      throw new HttpError(403, ERRORS.cannotDeleteAdmin);
    await pool.query(`DELETE FROM users WHERE id = $1`, [req.params.id]);
    return reply.code(204).send();
  });

  // Members
  route('GET', `${PATHS.projects}/:id/members`, async (req, _r, s) => {
    requireAdmin(s);
    const res = await pool.query(
      `SELECT m.project_id, m.user_id, u.email::text AS email, m.role, m.learning_mode_override
       FROM project_members m JOIN users u ON u.id = m.user_id WHERE m.project_id = $1 ORDER BY u.email LIMIT $2`,
      [req.params.id, limitOf(req.query)],
    );
    return { items: res.rows };
  });
  route('POST', `${PATHS.projects}/:id/members`, async (req, reply, s) => {
    const { user_id, email, role } = (req.body ?? {}) as any;
    if (Boolean(user_id) === Boolean(email)) throw bad('exactly one of user_id or email is required');
    if (!MEMBER_ROLES.includes(role)) throw bad('role: must be one of read, read_write, admin');
    if (email) requireOwner(s);
    else requireAdmin(s);
    const user = email
      ? await pool.query(`SELECT id FROM users WHERE email = lower($1)`, [email])
      : await pool.query(`SELECT id FROM users WHERE id = $1`, [user_id]);
    if (!user.rowCount) throw new HttpError(400, ERRORS.notFound(email ? 'email' : 'user_id'));
    await pool.query(
      `INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role, updated_at = NOW()`,
      [req.params.id, user.rows[0].id, role],
    );
    return reply.code(204).send();
  });
  route('DELETE', `${PATHS.projects}/:id/members/:userId`, async (req, reply, s) => {
    requireOwner(s);
    await pool.query(`DELETE FROM project_members WHERE project_id = $1 AND user_id = $2`, [
      req.params.id,
      req.params.userId,
    ]);
    return reply.code(204).send();
  });
  route('PUT', `${PATHS.projects}/:id/members/:userId/learning-mode`, async (req, reply, s) => {
    requireAdmin(s);
    const enabled = (req.body as any)?.enabled;
    if (!(enabled === null || typeof enabled === 'boolean')) throw bad('enabled: must be true, false or null');
    const res = await pool.query(
      `UPDATE project_members SET learning_mode_override = $3, updated_at = NOW() WHERE project_id = $1 AND user_id = $2`,
      [req.params.id, req.params.userId, enabled],
    );
    if (!res.rowCount) throw new HttpError(400, ERRORS.notFound('user_id'));
    return reply.code(204).send();
  });

  // Repositories
  route('GET', `${PATHS.projects}/:id/repositories`, async (req, _r, s) => {
    await projectRole(s, req.params.id);
    const res = await pool.query(`SELECT * FROM repositories WHERE project_id = $1 ORDER BY alias LIMIT $2`, [
      req.params.id,
      limitOf(req.query),
    ]);
    return { items: res.rows.map(repoJson) };
  });
  route('POST', `${PATHS.projects}/:id/repositories`, async (req, reply, s) => {
    const role = await projectRole(s, req.params.id);
    if (role === 'read') throw new HttpError(403, ERRORS.projectAccessRequired);
    const b = (req.body ?? {}) as any;
    for (const f of ['provider', 'owner', 'name', 'token', 'services_yaml_path']) {
      if (typeof b[f] !== 'string' || !b[f].trim()) throw bad(`${f}: is required`);
    }
    if (b.provider !== 'github') throw bad('provider: only github is supported');
    const repo = await deps.github.getRepository(b.owner, b.name, b.token);
    await deps.github.ensureWebhook(b.owner, b.name, b.token, deps.webhookUrl(), deps.webhookSecret);
    const sealed = deps.faults.has('token-plaintext')
      ? Buffer.from(b.token, 'utf8')
      : encryptToken(b.token, deps.tokenKey);
    try {
      const res = await pool.query(
        `INSERT INTO repositories (project_id, alias, role, default_ref, provider, external_id, owner, name, token_encrypted, services_yaml_path, docs_root_path)
         VALUES ($1, $2, $3, $4, 'github', $5, $6, $7, $8, $9, $10)
         ON CONFLICT (project_id, provider, owner, name) DO UPDATE SET token_encrypted = EXCLUDED.token_encrypted,
           services_yaml_path = EXCLUDED.services_yaml_path, updated_at = NOW()
         RETURNING *`,
        [
          req.params.id,
          b.alias || b.name,
          b.role || 'service',
          b.default_ref || 'main',
          repo.id,
          b.owner,
          b.name,
          sealed,
          b.services_yaml_path,
          b.docs_root_path ?? null,
        ],
      );
      return reply.code(201).send(repoJson(res.rows[0]));
    } catch (err: any) {
      if (err.code === '23505')
        throw new HttpError(409, { code: 'conflict', message: 'repository is already bound to a project' });
      throw err;
    }
  });
  route('DELETE', `${PATHS.projects}/:id/repositories/:repoId`, async (req, reply, s) => {
    requireAdmin(s);
    await pool.query(`DELETE FROM repositories WHERE project_id = $1 AND id = $2`, [req.params.id, req.params.repoId]);
    return reply.code(204).send();
  });
}
