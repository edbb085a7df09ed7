import type { GateDb } from '../clients/db.js';
import type { GateKube } from '../clients/kube.js';
import type { Probe } from './absence.js';

/** What one delivery could have created: runs for its issue, flow events and Jobs under its delivery id. */
export interface DeliveryTrace {
  issue: number;
  deliveryId: string;
}

/** A probe listing every run, flow event and Job the given deliveries created (one line each, Jobs prefixed "Job"). */
export function createdBy(
  db: GateDb,
  kube: GateKube,
  world: { projectId: string; since: Date },
  traces: DeliveryTrace[],
): Probe {
  return async () => {
    const found: string[] = [];
    for (const t of traces) {
      for (const r of await db.runsForIssue(world.projectId, t.issue, world.since))
        found.push(`run ${r.id} (${r.status}) for issue #${t.issue}`);
      for (const e of await db.flowEvents(t.deliveryId)) found.push(`flow event ${e.event_type} for ${t.deliveryId}`);
      for (const j of await kube.jobsWithCorrelationPrefix(t.deliveryId))
        found.push(`Job ${j.metadata?.namespace}/${j.metadata?.name}`);
    }
    return found;
  };
}
