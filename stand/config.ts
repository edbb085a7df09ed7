import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFaults, type Faults } from './faults.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const secret = (bytes: number) => randomBytes(bytes).toString('hex');
const int = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
};

export interface StandSecrets {
  webhookSecret: string;
  jwtSigningKey: string;
  tokenEncryptionKey: string;
  kubeToken: string;
  botToken: string;
  githubToken: string;
}

/** The stand's settings, from STAND_* variables; secrets are fresh for every boot. */
export function loadStandConfig() {
  const dataDir = path.resolve(root, process.env.STAND_DATA_DIR ?? '.stand');
  return {
    root,
    dataDir,
    envFile: path.resolve(root, process.env.STAND_ENV_FILE ?? path.join(dataDir, 'stand.env')),
    kubeconfigFile: path.join(dataDir, `kubeconfig-${process.pid}`),
    host: '127.0.0.1',
    port: int('STAND_PORT', 4780),
    databaseUrl: process.env.STAND_DATABASE_URL || undefined,
    faults: parseFaults(process.env.STAND_FAULTS) as Faults,
    workers: int('STAND_WORKERS', 2),
    pollMs: int('STAND_WORKER_POLL_MS', 100),
    /** KODEX_WORKER_INSTANCE_TTL (kodex 1m): a dead worker's runs are reclaimed this long after its last heartbeat. */
    workerInstanceTtlMs: int('STAND_WORKER_INSTANCE_TTL_MS', 2000),
    realtimeMs: int('STAND_REALTIME_MS', 250),
    jobPendingMs: int('STAND_JOB_PENDING_MS', 150),
    jobRunMs: int('STAND_JOB_RUN_MS', 500),
    slotsPerProject: int('STAND_SLOTS_PER_PROJECT', 2),
    secrets: {
      webhookSecret: process.env.STAND_WEBHOOK_SECRET || secret(20),
      jwtSigningKey: secret(32),
      tokenEncryptionKey: secret(32),
      kubeToken: secret(20),
      botToken: `ghs_${secret(18)}`,
      githubToken: `ghp_${secret(18)}`,
    } satisfies StandSecrets,
  };
}
export type StandConfig = ReturnType<typeof loadStandConfig>;

/** Fixed identities the stand seeds, so a `run:dev` label works out of the box. */
export const SEED = {
  owner: { email: 'owner@kodex-stand.local', login: 'kodex-owner' },
  sender: { email: 'sender@kodex-stand.local', login: 'kodex-sender' },
  project: { id: '5e1d0000-0000-4000-8000-000000000001', slug: 'kodex-stand/demo', name: 'kodex stand demo' },
  repo: { owner: 'kodex-stand', name: 'demo' },
} as const;
