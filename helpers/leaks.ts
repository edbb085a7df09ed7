import type { GateConfig } from './config.js';
import { GateDb } from './db.js';
import { GateKube } from './kube.js';

/**
 * What a gate run left behind: projects and users carrying its marker, and the Jobs of its own runs
 * (their namespaces are removed at cleanup). Runs once, from the global teardown.
 */
export async function findLeaks(cfg: GateConfig, marker: string): Promise<string[]> {
  const db = new GateDb(cfg.GATE_DATABASE_URL, cfg.target);
  try {
    const leaks = [
      ...(await db.projectsWithSlugPrefix(marker)).map((p) => `project ${p.slug}`),
      ...(await db.usersWithEmailPrefix(marker)).map((u) => `user ${u.email}`),
    ];
    // Our runs' Jobs carry our delivery ids (marker-prefixed) as their correlation annotation.
    const kube = await GateKube.create(cfg.KUBECONFIG, cfg.GATE_KUBE_CONTEXT, cfg.target);
    for (const job of await kube.jobsWithCorrelationPrefix(marker)) leaks.push(`job ${job.metadata?.namespace}/${job.metadata?.name}`);
    return leaks;
  } finally {
    await db.close();
  }
}
