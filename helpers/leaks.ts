import type { GateConfig } from './config.js';
import { GateDb } from './db.js';
import { GateKube } from './kube.js';
import { K8S } from './kodex-contract.js';

/**
 * What a gate run left behind: projects and users carrying its marker, and run Jobs whose project is
 * gone. Runs once, after every test, from the gate reporter (no extra test worker to start).
 */
export async function findLeaks(cfg: GateConfig, marker: string): Promise<string[]> {
  const db = new GateDb(cfg.GATE_DATABASE_URL, cfg.target);
  try {
    const leaks = [
      ...(await db.projectsWithSlugPrefix(marker)).map((p) => `project ${p.slug}`),
      ...(await db.usersWithEmailPrefix(marker)).map((u) => `user ${u.email}`),
    ];
    const projects = new Set((await db.projectsWithSlugPrefix('')).map((p) => p.id));
    const kube = await GateKube.create(cfg.KUBECONFIG, cfg.GATE_KUBE_CONTEXT, cfg.target);
    for (const job of await kube.jobsWithLabels({ [K8S.labels.managedBy]: K8S.labelValues.managedBy })) {
      if (!projects.has(job.metadata?.labels?.[K8S.labels.projectId] ?? '')) leaks.push(`job ${job.metadata?.namespace}/${job.metadata?.name} (its project is gone)`);
    }
    return leaks;
  } finally {
    await db.close();
  }
}
