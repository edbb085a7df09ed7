import { randomUUID } from 'node:crypto';
import { ERRORS, PATHS, STAFF_AUTH } from '../../../contract/kodex.js';
import { inTransaction } from '../../db/tx.js';
import { HttpError } from '../auth.js';
import type { ProjectAccess } from './access.js';
import { bad, limitOf, requireAdmin, requireOwner, type Route, type StaffDeps } from './route.js';

/** /auth/me, logout, and ListProjects / UpsertProject / GetProject / DeleteProject. */
export function projectRoutes(route: Route, deps: StaffDeps, access: ProjectAccess) {
  const { pool } = deps;
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
    const role = await access.roleIn(s, req.params.id);
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
}
