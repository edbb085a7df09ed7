import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StandConfig } from './config.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Forks the kodex worker processes (each loads for about a second): the processes, and how to stop them. */
export function forkWorkers(
  cfg: StandConfig,
  databaseUrl: string,
  kubeUrl: string,
): { workers: ChildProcess[]; stop: () => Promise<unknown> } {
  const s = cfg.secrets;
  const workers: ChildProcess[] = [];
  for (let i = 1; i <= cfg.workers; i++) {
    workers.push(
      fork(path.join(here, 'worker', 'main.ts'), [], {
        execArgv: ['--import', 'tsx'],
        env: {
          ...process.env,
          WORKER_DATABASE_URL: databaseUrl,
          WORKER_KUBE_URL: kubeUrl,
          WORKER_KUBE_TOKEN: s.kubeToken,
          WORKER_BOT_TOKEN: s.botToken,
          KODEX_WORKER_ID: `worker-${i}`,
          KODEX_WORKER_POLL_INTERVAL_MS: String(cfg.pollMs),
          KODEX_WORKER_SLOTS_PER_PROJECT: String(cfg.slotsPerProject),
          WORKER_MCP_SIGNING_KEY: s.mcpSigningKey,
          WORKER_JOB_SETTINGS: JSON.stringify(cfg.runJob),
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
  }
  const stop = () =>
    Promise.all(
      workers.map(
        (w) =>
          new Promise((resolve) => {
            if (w.exitCode !== null) return resolve(null);
            w.once('exit', resolve);
            w.kill('SIGTERM');
          }),
      ),
    );
  return { workers, stop };
}
