import type pg from 'pg';
import { PATHS, STAFF_AUTH } from '../../contract/kodex.js';
import { SEED } from '../config.js';

/** The staging profile's sandbox (runbook step 2 and 3): one project, one bound repository, the bot sender. */
export const SANDBOX = {
  project: { id: '5e1d0000-0000-4000-8000-00000000a001' },
  repo: { owner: 'kodex-gate' },
  sender: { email: 'kodex-gate-bot@kodex-stand.local', login: 'kodex-gate-bot' },
} as const;

/** The sandbox project, with the bot as a read_write member (steps 2 and 3). */
export async function seedSandbox(pool: pg.Pool, project: string) {
  const id = SANDBOX.project.id;
  await pool.query(
    `INSERT INTO projects (id, slug, name, settings) VALUES ($1, $2, $2, '{"learning_mode_default": false}')
     ON CONFLICT (id) DO NOTHING`,
    [id, project],
  );
  const bot = await pool.query(
    `INSERT INTO users (email, github_login) VALUES ($1, $2)
     ON CONFLICT (email) DO UPDATE SET github_login = EXCLUDED.github_login RETURNING id`,
    [SANDBOX.sender.email, SANDBOX.sender.login],
  );
  const owner = await pool.query(`SELECT id FROM users WHERE email = $1`, [SEED.owner.email]);
  for (const [userId, role] of [
    [owner.rows[0].id, 'admin'],
    [bot.rows[0].id, 'read_write'],
  ])
    await pool.query(
      `INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [id, userId, role],
    );
  return { projectId: id, fullName: `${SANDBOX.repo.owner}/${project}` };
}

/** Step 2's "Attach + Ensure Webhook", as the owner in the console: POST /api/v1/projects/{id}/repositories. */
export async function attachSandbox(gatewayUrl: string, projectId: string, project: string, githubToken: string) {
  const res = await fetch(`${gatewayUrl}${PATHS.repositories(projectId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [STAFF_AUTH.emailHeader]: SEED.owner.email },
    body: JSON.stringify({
      provider: 'github',
      owner: SANDBOX.repo.owner,
      name: project,
      token: githubToken,
      services_yaml_path: 'services.yaml',
    }),
  });
  if (!res.ok) throw new Error(`attaching the sandbox repository answered ${res.status}: ${await res.text()}`);
}
