import { PATHS } from '../../../contract/kodex.js';
import { encryptToken } from '../../../contract/token-format.js';
import { HttpError } from '../auth.js';
import type { ProjectAccess } from './access.js';
import { bad, limitOf, type Route, type StaffDeps } from './route.js';

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

/** ListProjectRepositories (member), UpsertProjectRepository and DeleteProjectRepository (read_write or admin). */
export function repositoryRoutes(route: Route, deps: StaffDeps, access: ProjectAccess) {
  const { pool } = deps;
  route('GET', `${PATHS.projects}/:id/repositories`, async (req, _r, s) => {
    await access.roleIn(s, req.params.id);
    const res = await pool.query(`SELECT * FROM repositories WHERE project_id = $1 ORDER BY alias LIMIT $2`, [
      req.params.id,
      limitOf(req.query),
    ]);
    return { items: res.rows.map(repoJson) };
  });
  route('POST', `${PATHS.projects}/:id/repositories`, async (req, reply, s) => {
    const b = (req.body ?? {}) as any;
    for (const f of ['provider', 'owner', 'name', 'token', 'services_yaml_path']) {
      if (typeof b[f] !== 'string' || !b[f].trim()) throw bad(`${f}: is required`);
    }
    await access.requireProjectWrite(s, req.params.id);
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
    await access.requireProjectWrite(s, req.params.id);
    await pool.query(`DELETE FROM repositories WHERE project_id = $1 AND id = $2`, [req.params.id, req.params.repoId]);
    return reply.code(204).send();
  });
}
