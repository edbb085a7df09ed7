import { K8S } from '../contract/kodex.js';
import type { StandConfig } from './config.js';
import type { Store } from './kube/store.js';
import { startWorkerFleet } from './worker/fleet.js';
import { workerEntry } from './worker/bundle.js';

/** Starts kodex's worker Deployment (each process loads for about a second) as pods in the Kubernetes stand-in. */
export async function startWorkers(
  cfg: StandConfig,
  store: Store,
  databaseUrl: string,
  kubeUrl: string,
  log: (m: string) => void,
) {
  const s = cfg.secrets;
  const entry = await workerEntry(log);
  return startWorkerFleet(store, {
    size: cfg.workers,
    namespace: K8S.codeOnlyNamespace,
    env: {
      ...process.env,
      WORKER_DATABASE_URL: databaseUrl,
      WORKER_KUBE_URL: kubeUrl,
      WORKER_KUBE_TOKEN: s.kubeToken,
      WORKER_BOT_TOKEN: s.botToken,
      KODEX_WORKER_POLL_INTERVAL_MS: String(cfg.pollMs),
      KODEX_WORKER_SLOTS_PER_PROJECT: String(cfg.slotsPerProject),
      KODEX_WORKER_INSTANCE_TTL_MS: String(cfg.workerInstanceTtlMs),
      WORKER_MCP_SIGNING_KEY: s.mcpSigningKey,
      WORKER_JOB_SETTINGS: JSON.stringify(cfg.runJob),
    },
    faults: cfg.faults,
    entry,
    log,
  });
}
