import type pg from 'pg';
import { SEED } from '../config.js';
import { githubRepoId } from '../github/server.js';
import { encryptToken } from '../../contract/token-format.js';

/** The platform owner, one member sender and one bound project, so `run:dev` works out of the box. */
export async function seed(pool: pg.Pool, tokenKey: string, githubToken: string): Promise<void> {
  const owner = await pool.query(
    `INSERT INTO users (email, github_login, is_platform_admin, is_platform_owner) VALUES ($1, $2, true, true)
     ON CONFLICT (email) DO UPDATE SET github_login = EXCLUDED.github_login RETURNING id`,
    [SEED.owner.email, SEED.owner.login],
  );
  const sender = await pool.query(
    `INSERT INTO users (email, github_login) VALUES ($1, $2)
     ON CONFLICT (email) DO UPDATE SET github_login = EXCLUDED.github_login RETURNING id`,
    [SEED.sender.email, SEED.sender.login],
  );
  await pool.query(
    `INSERT INTO projects (id, slug, name, settings) VALUES ($1, $2, $3, '{"learning_mode_default": false}')
     ON CONFLICT (id) DO NOTHING`,
    [SEED.project.id, SEED.project.slug, SEED.project.name],
  );
  for (const [userId, role] of [
    [owner.rows[0].id, 'admin'],
    [sender.rows[0].id, 'read_write'],
  ]) {
    await pool.query(
      `INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [SEED.project.id, userId, role],
    );
  }
  const fullName = `${SEED.repo.owner}/${SEED.repo.name}`;
  await pool.query(
    `INSERT INTO repositories (project_id, alias, role, provider, external_id, owner, name, token_encrypted)
     VALUES ($1, $2, 'orchestrator', 'github', $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [
      SEED.project.id,
      SEED.repo.name,
      githubRepoId(fullName),
      SEED.repo.owner,
      SEED.repo.name,
      encryptToken(githubToken, tokenKey),
    ],
  );
}
