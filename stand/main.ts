import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PATHS } from '../contract/kodex.js';
import { loadStandConfig, SEED } from './config.js';
import { migrate, startDatabase } from './db/database.js';
import { seed } from './db/seed.js';
import { buildGateway } from './gateway/server.js';
import { GitHubClient } from './gateway/github-client.js';
import { KubeJobs } from './gateway/kube-client.js';
import { startGitHubApi } from './github/server.js';
import { startKubeApi } from './kube/server.js';
import { writeKubeconfig } from './kube/kubeconfig-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (m: string) => process.stderr.write(`[stand] ${m}\n`);

/** `npm run stand`: PostgreSQL, Kubernetes and GitHub stand-ins, gateway + console, N workers. */
async function main() {
  const t0 = Date.now();
  const cfg = loadStandConfig();
  const s = cfg.secrets;
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => { for (const stop of stops.reverse()) await stop().catch((e) => log(String(e))); };

  try {
    const db = await startDatabase({ dataDir: cfg.dataDir, externalUrl: cfg.databaseUrl, log });
    stops.push(() => db.stop());
    const pool = new pg.Pool({ connectionString: db.url, max: 10 });
    pool.on('error', (err) => log(`database: ${err.message}`)); // an idle client lost at shutdown is not a crash
    stops.push(() => pool.end());
    await migrate(pool);
    await seed(pool, s.tokenEncryptionKey, s.githubToken);

    const github = await startGitHubApi({});
    stops.push(() => github.close());
    // The gate agent's stand image reads its issue's labels from the GitHub stand-in (stand/kube/kubelet.ts).
    process.env.STAND_GITHUB_API_URL = github.url;
    const kube = await startKubeApi({ token: s.kubeToken, pendingMs: cfg.jobPendingMs, runMs: cfg.jobRunMs, log: process.env.STAND_VERBOSE ? log : undefined });
    stops.push(() => kube.close());

    const gateway = await buildGateway({
      pool, faults: cfg.faults, jwtSigningKey: s.jwtSigningKey, realtimeMs: cfg.realtimeMs,
      consoleDir: path.join(here, 'console'), kubeApi: { url: kube.url, token: s.kubeToken },
      tokenKey: s.tokenEncryptionKey, bootstrapProjectId: SEED.project.id, learningModeDefault: false,
      github: new GitHubClient(github.url), kube: new KubeJobs(kube.url, s.kubeToken),
      webhookUrl: `http://${cfg.host}:${cfg.port}${PATHS.webhook}`, webhookSecret: s.webhookSecret,
    });
    await gateway.listen({ host: cfg.host, port: cfg.port });
    stops.push(() => gateway.close());
    const port = (gateway.server.address() as { port: number }).port;
    const baseUrl = `http://${cfg.host}:${port}`;

    const workers: ChildProcess[] = [];
    for (let i = 1; i <= cfg.workers; i++) {
      const child = fork(path.join(here, 'worker', 'main.ts'), [], {
        execArgv: ['--import', 'tsx'],
        env: {
          ...process.env, WORKER_DATABASE_URL: db.url, WORKER_KUBE_URL: kube.url, WORKER_KUBE_TOKEN: s.kubeToken,
          WORKER_BOT_TOKEN: s.botToken, KODEX_WORKER_ID: `worker-${i}`, KODEX_WORKER_POLL_INTERVAL_MS: String(cfg.pollMs),
          KODEX_WORKER_SLOTS_PER_PROJECT: String(cfg.slotsPerProject),
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      workers.push(child);
    }
    stops.push(async () => {
      await Promise.all(workers.map((w) => new Promise((resolve) => {
        if (w.exitCode !== null) return resolve(null);
        w.once('exit', resolve);
        w.kill('SIGTERM');
      })));
    });

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
    await writeFile(cfg.envFile, Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });

    log(`ready in ${Date.now() - t0} ms${cfg.faults.list().length ? ` with faults: ${cfg.faults.list().join(', ')}` : ''}`);
    log(`console      ${baseUrl}/  (sign in by header X-Auth-Request-Email: ${SEED.owner.email})`);
    log(`webhook      ${baseUrl}${PATHS.webhook}`);
    log(`kubernetes   ${kube.url}  (kubectl --kubeconfig ${cfg.kubeconfigFile} get jobs -A)`);
    log(`github api   ${github.url}`);
    log(`suite env    ${cfg.envFile}  (set -a; . ${path.relative(process.cwd(), cfg.envFile)}; set +a)`);
    process.stdout.write(`STAND_READY ${cfg.envFile}\n`);
  } catch (err) {
    log(`failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    await stopAll();
    process.exit(1);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    setTimeout(() => { log('stop took over 8 s: exiting anyway'); process.exit(1); }, 8000).unref();
    await stopAll();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
