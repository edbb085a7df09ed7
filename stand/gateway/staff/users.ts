import { ERRORS, PATHS } from '../../../contract/kodex.js';
import { HttpError } from '../auth.js';
import { bad, limitOf, requireAdmin, type Route, type StaffDeps } from './route.js';

const USER_JSON = `id, email::text AS email, github_user_id, github_login, is_platform_admin, is_platform_owner`;
const userJson = (u: any) => ({ ...u, github_user_id: u.github_user_id === null ? null : Number(u.github_user_id) });

/** ListUsers, CreateAllowedUser, DeleteUser: platform admin only. */
export function userRoutes(route: Route, deps: StaffDeps) {
  const { pool } = deps;
  route('GET', PATHS.users, async (req, _r, s) => {
    requireAdmin(s);
    if (deps.faults.has('users-page-broken')) throw new HttpError(500, ERRORS.internal);
    const res = await pool.query(
      `SELECT ${USER_JSON} FROM users ORDER BY is_platform_owner DESC, is_platform_admin DESC, email LIMIT $1`,
      [limitOf(req.query)],
    );
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
}
