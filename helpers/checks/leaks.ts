import { K8S } from '../../contract/kodex.js';
import type { GateConfig } from '../runner/config.js';
import { GateDb } from '../clients/db.js';
import { GateKube } from '../clients/kube.js';

/**
 * What a gate run left behind: projects, users and repositories carrying its marker, and the Jobs and
 * namespaces of its own runs (found through its marker-prefixed delivery ids). Runs once, from the global teardown.
 */
export async function findLeaks(cfg: GateConfig, marker: string): Promise<string[]> {
  const db = new GateDb(cfg.GATE_DATABASE_URL, cfg.target);
  try {
    const leaks = [
      ...(await db.projectsWithSlugPrefix(marker)).map((p) => `project ${p.slug}`),
      ...(await db.usersWithEmailPrefix(marker)).map((u) => `user ${u.email}`),
      ...(await db.repositoriesWithNamePrefix(marker)).map((r) => `repository ${r.owner}/${r.name}`),
    ];
    const kube = await GateKube.create(cfg.KUBECONFIG, cfg.GATE_KUBE_CONTEXT, cfg.target);
    for (const job of await kube.jobsWithCorrelationPrefix(marker))
      leaks.push(`job ${job.metadata?.namespace}/${job.metadata?.name}`);
    for (const runId of await db.runIdsOfDeliveryPrefix(marker)) {
      for (const ns of await kube.namespacesWithLabels({ [K8S.labels.runId]: runId }))
        leaks.push(`namespace ${ns} (run ${runId})`);
    }
    return leaks;
  } finally {
    await db.close();
  }
}
