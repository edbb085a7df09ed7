import { ERRORS, MEMBER_ROLES, PATHS } from '../../../contract/kodex.js';
import { HttpError } from '../auth.js';
import { bad, limitOf, requireAdmin, requireOwner, type Route, type StaffDeps } from './route.js';

/** ListProjectMembers, UpsertProjectMember, DeleteProjectMember, SetProjectMemberLearningModeOverride. */
export function memberRoutes(route: Route, deps: StaffDeps) {
  const { pool } = deps;
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
}
