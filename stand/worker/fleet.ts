import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { K8S } from '../../contract/kodex.js';
import { randomSuffix, timestamp, type Store } from '../kube/store.js';
import { PODS, storeKey } from '../kube/resources.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const POD = storeKey(PODS);

export interface FleetOptions {
  size: number;
  /** Where the worker pods live (KODEX_WORKER_POD_NAMESPACE; kodex's platform namespace). */
  namespace: string;
  /** The environment every worker process gets; KODEX_WORKER_ID is its pod's name. */
  env: NodeJS.ProcessEnv;
  log: (m: string) => void;
  /** The stand's live fault set: a replacement worker starts with the faults switched on now, not at boot. */
  faults?: { list(): string[] };
  /** The worker program to fork (stand/worker/bundle.ts), else main.ts under tsx. */
  entry?: { file: string; execArgv: string[] };
}

/**
 * The worker Deployment: each worker process is a pod in the Kubernetes stand-in, named like a ReplicaSet's
 * pod and registered with kodex's worker labels. Deleting a pod kills its process at once (SIGKILL: no lease
 * is released, as when a node dies) and a replacement with a new name starts, as the ReplicaSet would.
 */
export function startWorkerFleet(store: Store, o: FleetOptions) {
  const workers = new Map<string, ChildProcess>();
  let stopping = false;
  const spawnOne = () => {
    const name = `kodex-worker-${randomSuffix(10)}-${randomSuffix()}`;
    store.create(POD, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: o.namespace, labels: { ...K8S.workerPodLabels } },
      spec: { containers: [{ name: 'worker', image: 'kodex-worker:stand' }] },
      status: { phase: 'Running', startTime: timestamp() },
    });
    const entry = o.entry ?? { file: path.join(here, 'main.ts'), execArgv: ['--import', 'tsx'] };
    const child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      env: {
        ...o.env,
        ...(o.faults ? { STAND_FAULTS: o.faults.list().join(',') } : {}),
        KODEX_WORKER_ID: name,
        KODEX_WORKER_POD_NAMESPACE: o.namespace,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    workers.set(name, child);
  };
  const unsubscribe = store.subscribe(({ type, resource, object }) => {
    const { name, namespace } = object.metadata;
    const child = workers.get(name);
    if (resource !== POD || type !== 'DELETED' || namespace !== o.namespace || !child) return;
    workers.delete(name);
    child.kill('SIGKILL');
    o.log(`worker pod ${name} deleted: its process is killed`);
    if (!stopping) spawnOne();
  });
  for (let i = 0; i < o.size; i++) spawnOne();

  return {
    /** The worker processes alive now (a deleted pod's replacement included). */
    processes: (): ChildProcess[] => [...workers.values()],
    async stop(): Promise<void> {
      stopping = true;
      unsubscribe();
      await Promise.all(
        [...workers.values()].map(
          (w) =>
            new Promise((resolve) => {
              if (w.exitCode !== null) return resolve(null);
              w.once('exit', resolve);
              w.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
