import pg from 'pg';
import { kubeConfigFor } from '../kube/kubeconfig.js';
import { followFaultSwitch, parseFaults } from '../faults.js';
import { GATE_AGENT } from '../../contract/gate-agent.mjs';
import { Worker } from './worker.js';

/** One worker process (the stand forks STAND_WORKERS of them); settings come from its parent. */
const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`worker: ${name} is required`);
  return v;
};
const databaseUrl = env('WORKER_DATABASE_URL');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
pool.on('error', () => {}); // idle clients lost when the stand's database stops; the loop reports query errors
const faults = parseFaults(process.env.STAND_FAULTS);
const worker = new Worker(pool, kubeConfigFor(env('WORKER_KUBE_URL'), env('WORKER_KUBE_TOKEN')), {
  workerId: env('KODEX_WORKER_ID'),
  pollMs: Number(env('KODEX_WORKER_POLL_INTERVAL_MS')),
  databaseUrl,
  slotsPerProject: Number(env('KODEX_WORKER_SLOTS_PER_PROJECT')),
  slotLeaseSeconds: 600,
  runLeaseSeconds: 2700,
  podNamespace: env('KODEX_WORKER_POD_NAMESPACE'),
  instanceTtlMs: Number(env('KODEX_WORKER_INSTANCE_TTL_MS')),
  // As upstream's KODEX_WORKER_JOB_IMAGE; the stand's default is the gate agent, which its kubelet runs.
  jobImage: process.env.KODEX_WORKER_JOB_IMAGE || GATE_AGENT.standImage,
  botToken: env('WORKER_BOT_TOKEN'),
  jobSettings: JSON.parse(env('WORKER_JOB_SETTINGS')),
  mcpSigningKey: env('WORKER_MCP_SIGNING_KEY'),
  faults,
  log: (m) => process.stderr.write(`${m}\n`),
});
// A switched fault may leave work its worker skipped (runs it did not reconcile): it looks again at once.
followFaultSwitch(faults, () => worker.wake());
worker.start();
// Exit at once: the stand is going away (a signal, or the parent's IPC channel closed because it died),
// and waiting on a pool whose server may already be gone could keep this process alive forever.
const stop = () => {
  worker.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
// A parent killed outright (SIGKILL) does not always deliver 'disconnect': check that it still lives.
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    stop();
  }
}, 500).unref();
