import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PATHS } from '../contract/kodex.js';
import { SEED, type StandConfig } from './config.js';
import { migrate, startDatabase } from './db/database.js';
import { seed } from './db/seed.js';
import { KubeJobs } from './gateway/kube-client.js';
import { startGitHubApi } from './github/server.js';
import { startKubeApi } from './kube/server.js';
import { writeKubeconfig } from './kube/kubeconfig-file.js';
import { enactStaging, sandboxFiles } from './staging/profile.js';
import { writeSuiteEnv } from './suite-env.js';
import { startWorkers } from './workers.js';
import { faultSwitchRoutes } from './fault-switch.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Boots every part of the stand, pushing how to stop each onto `stops`; returns the gateway's URL. */
export async function bootStand(
  cfg: StandConfig,
  stops: (() => Promise<unknown>)[],
  log: (m: string) => void,
  mark: (phase: string) => void,
): Promise<{ baseUrl: string; kubeUrl: string; githubUrl: string; kubeJobs: KubeJobs }> {
  const s = cfg.secrets;
  /** staging or production: the runbook enacted on the stand (stand/staging/). */
  const rehearsal = cfg.profile !== 'local';
  // The database, the Kubernetes and the GitHub stand-ins do not depend on each other: start them together.
  const database = startDatabase({ dataDir: cfg.dataDir, externalUrl: cfg.databaseUrl, log });
  // The gateway's modules (a third of the stand's load time) load while PostgreSQL starts in its own process.
  const gatewayModules = Promise.all([import('./gateway/server.js'), import('./gateway/github-client.js')]);
  const track = <T extends { close(): Promise<unknown> } | { stop(): Promise<unknown> }>(x: T) => {
    stops.push(() => ('close' in x ? x.close() : x.stop()));
    return x;
  };
  const [db, kube, github, [{ buildGateway }, { GitHubClient }]] = await Promise.all([
    database.then((d) => (mark('database up'), track(d))),
    startKubeApi({
      token: s.kubeToken,
      pendingMs: cfg.jobPendingMs,
      runMs: cfg.jobRunMs,
      log: process.env.STAND_VERBOSE ? log : undefined,
    }).then(track),
    startGitHubApi({ files: rehearsal ? sandboxFiles(cfg.root) : {} }).then(track),
    gatewayModules,
  ]);
  // The gate agent's stand image reads its issue's labels from the GitHub stand-in (stand/kube/kubelet.ts).
  process.env.STAND_GITHUB_API_URL = github.url;
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  pool.on('error', (err) => log(`database: ${err.message}`)); // an idle client lost at shutdown is not a crash
  stops.push(() => pool.end());
  await migrate(pool);
  mark('schema migrated');
  // Forked now, the workers load while the stand seeds and starts its gateway.
  const fleet = await startWorkers(cfg, kube.store, db.url, kube.url, log);
  stops.push(() => fleet.stop());
  mark(`${cfg.workers} workers forked`);
  await seed(pool, s.tokenEncryptionKey, s.githubToken);
  mark('seeded');

  const kubeJobs = new KubeJobs(kube.url, s.kubeToken);
  let baseUrl = `http://${cfg.host}:${cfg.port}`; // the port is known once the gateway listens
  let webhookBase = () => baseUrl; // KODEX_GITHUB_WEBHOOK_URL: on staging, the public ingress
  let ready = false;
  const gateway = await buildGateway({
    standReady: () => ready,
    pool,
    faults: cfg.faults,
    jwtSigningKey: s.jwtSigningKey,
    realtimeMs: cfg.realtimeMs,
    consoleDir: path.join(here, 'console'),
    kubeApi: { url: kube.url, token: s.kubeToken },
    tokenKey: s.tokenEncryptionKey,
    bootstrapProjectId: SEED.project.id,
    learningModeDefault: false,
    github: new GitHubClient(github.url),
    kube: kubeJobs,
    webhookUrl: () => `${webhookBase()}${PATHS.webhook}`,
    webhookSecret: s.webhookSecret,
  });
  faultSwitchRoutes(gateway, {
    faults: cfg.faults,
    pool,
    workers: fleet.processes,
    settings: {
      STAND_WORKERS: cfg.workers,
      STAND_WORKER_POLL_MS: cfg.pollMs,
      STAND_REALTIME_MS: cfg.realtimeMs,
      STAND_JOB_PENDING_MS: cfg.jobPendingMs,
      STAND_JOB_RUN_MS: cfg.jobRunMs,
      STAND_SLOTS_PER_PROJECT: cfg.slotsPerProject,
    },
    token: cfg.faultSwitch ? s.adminToken : undefined,
    log,
  });
  await gateway.listen({ host: cfg.host, port: cfg.port });
  stops.push(() => gateway.close());
  baseUrl = `http://${cfg.host}:${(gateway.server.address() as { port: number }).port}`;
  mark('gateway listening');

  stops.push(() => rm(cfg.kubeconfigFile, { force: true }));
  const common = { pool, databaseUrl: db.url, kubeUrl: kube.url, githubUrl: github.url, gatewayUrl: baseUrl };
  let env: Record<string, string>;
  if (rehearsal) {
    env = await enactStaging({ cfg, ...common, stops, log, setWebhookBase: (url) => (webhookBase = () => url) });
    mark(`${cfg.profile} enacted`);
  } else {
    await writeKubeconfig(cfg.kubeconfigFile, kube.url, s.kubeToken);
    env = {
      GATE_TARGET: 'local',
      GATE_BASE_URL: baseUrl,
      // The stand's KODEX_GITHUB_WEBHOOK_URL: P2 still finds its hooks when the console is served on its own address.
      GATE_PLATFORM_WEBHOOK_URL: `${baseUrl}${PATHS.webhook}`,
      GATE_WEBHOOK_SECRET: s.webhookSecret,
      GATE_DATABASE_URL: db.url,
      KUBECONFIG: cfg.kubeconfigFile,
      GATE_STAFF_AUTH: 'header',
      GATE_STAFF_EMAIL: SEED.owner.email,
      GATE_JWT_SIGNING_KEY: s.jwtSigningKey,
      GATE_REPO: `${SEED.repo.owner}/${SEED.repo.name}`,
      GATE_SENDER_LOGIN: SEED.sender.login,
      GATE_GITHUB_API_URL: github.url,
      GATE_GITHUB_TOKEN: s.githubToken,
      GATE_TOKEN_ENCRYPTION_KEY: s.tokenEncryptionKey,
      GATE_STAND_BOT_TOKEN: s.botToken,
      GATE_STAND_FAULTS: cfg.faults.list().join(','),
      GATE_WORKER_JOB_COMMAND: cfg.runJob.command,
      GATE_WORKER_JOB_TTL_SECONDS: String(cfg.runJob.ttlSeconds),
      GATE_WORKER_JOB_ACTIVE_DEADLINE_SECONDS: String(cfg.runJob.activeDeadlineSeconds),
      GATE_WORKER_JOB_BACKOFF_LIMIT: String(cfg.runJob.backoffLimit),
      GATE_WORKER_RUN_SERVICE_ACCOUNT: cfg.runJob.serviceAccount,
      ...(cfg.faultSwitch ? { GATE_STAND_ADMIN_TOKEN: s.adminToken } : {}),
    };
  }
  await writeSuiteEnv(cfg.envFile, env);
  ready = true;
  return { baseUrl, kubeUrl: kube.url, githubUrl: github.url, kubeJobs };
}
