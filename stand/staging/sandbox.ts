import type pg from 'pg';
import { PATHS, STAFF_AUTH } from '../../contract/kodex.js';
import { SEED } from '../config.js';

/** The staging profile's sandbox (runbook step 2 and 3): one project, one bound repository, the bot sender. */
export const SANDBOX = {
  project: { id: '5e1d0000-0000-4000-8000-00000000a001' },
  repo: { owner: 'kodex-gate' },
  sender: { email: 'kodex-gate-bot@kodex-stand.local', login: 'kodex-gate-bot' },
} as const;

/** A project of the staging platform with its members: each an existing email, or a user created with a login. */
export async function seedProject(
  pool: pg.Pool,
  project: { id: string; slug: string; settings?: object },
  members: { email: string; login?: string; role: 'read' | 'read_write' | 'admin' }[],
): Promise<void> {
  await pool.query(
    `INSERT INTO projects (id, slug, name, settings) VALUES ($1, $2, $2, $3) ON CONFLICT (id) DO NOTHING`,
    [project.id, project.slug, JSON.stringify(project.settings ?? {})],
  );
  for (const m of members) {
    const user = m.login
      ? await pool.query(
          `INSERT INTO users (email, github_login) VALUES ($1, $2)
           ON CONFLICT (email) DO UPDATE SET github_login = EXCLUDED.github_login RETURNING id`,
          [m.email, m.login],
        )
      : await pool.query(`SELECT id FROM users WHERE email = $1`, [m.email]);
    await pool.query(
      `INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [project.id, user.rows[0].id, m.role],
    );
  }
}

/** The sandbox project, with the owner as admin and the bot as a read_write member (steps 2 and 3). */
export async function seedSandbox(pool: pg.Pool, project: string) {
  await seedProject(pool, { id: SANDBOX.project.id, slug: project, settings: { learning_mode_default: false } }, [
    { email: SEED.owner.email, role: 'admin' },
    { ...SANDBOX.sender, role: 'read_write' },
  ]);
  return { projectId: SANDBOX.project.id, fullName: `${SANDBOX.repo.owner}/${project}` };
}

/** Step 2's "Attach + Ensure Webhook", as the owner in the console: POST /api/v1/projects/{id}/repositories. */
export async function attachRepository(
  gatewayUrl: string,
  projectId: string,
  repo: { owner: string; name: string },
  githubToken: string,
) {
  const res = await fetch(`${gatewayUrl}${PATHS.repositories(projectId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [STAFF_AUTH.emailHeader]: SEED.owner.email },
    body: JSON.stringify({ provider: 'github', ...repo, token: githubToken, services_yaml_path: 'services.yaml' }),
  });
  if (!res.ok) throw new Error(`attaching ${repo.owner}/${repo.name} answered ${res.status}: ${await res.text()}`);
}
