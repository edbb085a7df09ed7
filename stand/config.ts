import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jobSettingsDefaults, type RunJobSettings } from '../contract/kodex.js';
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

interface StandSecrets {
  webhookSecret: string;
  jwtSigningKey: string;
  tokenEncryptionKey: string;
  kubeToken: string;
  botToken: string;
  githubToken: string;
  /** The staging profile's gate database role (runbook step 4). */
  databasePassword: string;
  mcpSigningKey: string;
  adminToken: string;
}

/**
 * kodex's worker settings the launcher builds run Jobs from (KODEX_WORKER_JOB_*), kodex's defaults when unset;
 * the staging profile's short TTL (STAND_JOB_TTL_SECONDS) wins over the default.
 */
function runJobSettings(stagingTtl?: number): RunJobSettings {
  const d = jobSettingsDefaults;
  return {
    command: process.env.KODEX_WORKER_JOB_COMMAND || d.command,
    ttlSeconds: stagingTtl ?? int('KODEX_WORKER_JOB_TTL_SECONDS', d.ttlSeconds),
    activeDeadlineSeconds: int('KODEX_WORKER_JOB_ACTIVE_DEADLINE_SECONDS', d.activeDeadlineSeconds),
    backoffLimit: int('KODEX_WORKER_JOB_BACKOFF_LIMIT', d.backoffLimit),
    serviceAccount: process.env.KODEX_WORKER_RUN_SERVICE_ACCOUNT || d.serviceAccount,
  };
}

export type StandProfile = 'local' | 'staging' | 'production';
/**
 * `STAND_PROFILE=staging` or `npm run stand -- --profile staging`: the runbook's staging, enacted (stand/staging/);
 * `production`: the same platform as the runbook's production (read-only role, no delete rights).
 */
function standProfile(argv = process.argv, env = process.env): StandProfile {
  const i = argv.indexOf('--profile');
  const raw = (i >= 0 ? argv[i + 1] : undefined) ?? env.STAND_PROFILE ?? 'local';
  if (raw !== 'local' && raw !== 'staging' && raw !== 'production')
    throw new Error(`STAND_PROFILE must be local, staging or production, got "${raw}"`);
  return raw;
}

/** The stand's settings, from STAND_* variables; secrets are fresh for every boot. */
export function loadStandConfig() {
  const dataDir = path.resolve(root, process.env.STAND_DATA_DIR ?? '.stand');
  const profile = standProfile();
  /** KODEX_WORKER_JOB_TTL_SECONDS: unset on local (the launcher's 600), short on staging so Jobs go during the gate. */
  const jobTtlSeconds = profile === 'local' ? undefined : int('STAND_JOB_TTL_SECONDS', 20);
  return {
    root,
    dataDir,
    profile,
    envFile: path.resolve(
      root,
      process.env.STAND_ENV_FILE ?? path.join(dataDir, `${profile === 'local' ? 'stand' : profile}.env`),
    ),
    kubeconfigFile: path.join(dataDir, `kubeconfig-${process.pid}`),
    host: '127.0.0.1',
    port: int('STAND_PORT', 4780),
    databaseUrl: process.env.STAND_DATABASE_URL || undefined,
    faults: parseFaults(process.env.STAND_FAULTS) as Faults,
    workers: int('STAND_WORKERS', 2),
    pollMs: int('STAND_WORKER_POLL_MS', 500),
    /** KODEX_WORKER_INSTANCE_TTL (kodex 1m): a dead worker's runs are reclaimed this long after its last heartbeat. */
    workerInstanceTtlMs: int('STAND_WORKER_INSTANCE_TTL_MS', 2000),
    realtimeMs: int('STAND_REALTIME_MS', 250),
    jobPendingMs: int('STAND_JOB_PENDING_MS', 50),
    /** The gate agent's default run time: none, as its image ships (agent/Containerfile). */
    jobRunMs: int('STAND_JOB_RUN_MS', 0),
    slotsPerProject: int('STAND_SLOTS_PER_PROJECT', 2),
    jobTtlSeconds,
    /** Staging: another tenant labels an issue run:dev this often while the gate runs (0: never). */
    tenantEveryMs: int('STAND_TENANT_EVERY_MS', 3000),
    runJob: runJobSettings(jobTtlSeconds),
    /** STAND_FAULT_SWITCH=1: faults can be switched at runtime (stand/fault-switch.ts), with secrets.adminToken. */
    faultSwitch: process.env.STAND_FAULT_SWITCH === '1',
    secrets: {
      webhookSecret: process.env.STAND_WEBHOOK_SECRET || secret(20),
      jwtSigningKey: secret(32),
      tokenEncryptionKey: secret(32),
      kubeToken: secret(20),
      botToken: `ghs_${secret(18)}`,
      githubToken: `ghp_${secret(18)}`,
      databasePassword: secret(16),
      mcpSigningKey: secret(32),
      adminToken: secret(20),
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
