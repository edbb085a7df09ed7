import type pg from 'pg';
import { runbookReadOnlyRoleSql, runbookRoleSql } from './runbook.js';

/**
 * Step 4 of the runbook, as written (on production its read-only role), against the stand's fresh `kodex` database: the gate's role with exactly the
 * runbook's grants. The role outlives a boot (roles are per cluster), so it is re-created with a fresh password.
 * Returns the suite's database URL, connected as that role.
 */
export async function createGateRole(
  pool: pg.Pool,
  superUrl: string,
  root: string,
  password: string,
  production = false,
) {
  const { role, statements } = (production ? runbookReadOnlyRoleSql : runbookRoleSql)(root, password);
  const db = new URL(superUrl).pathname.slice(1);
  await pool.query(`DROP OWNED BY ${role}`).catch(() => undefined);
  await pool.query(`DROP ROLE IF EXISTS ${role}`);
  for (const statement of statements) await pool.query(statement.replace(/\bON DATABASE kodex\b/, `ON DATABASE ${db}`));
  const url = new URL(superUrl);
  url.username = role;
  url.password = password;
  return { role, url: url.toString() };
}
