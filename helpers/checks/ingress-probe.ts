import type { GateDb } from '../clients/db.js';
import type { GateKube } from '../clients/kube.js';
import type { Found, Probe } from './absence.js';

/** What one delivery could have created: runs for its issue, flow events and Jobs under its delivery id. */
export interface DeliveryTrace {
  issue: number;
  deliveryId: string;
}

/** What a delivery can create. */
export type Created = 'run' | 'flow event' | 'Job';

/** A probe listing the runs, flow events and Jobs (of the kinds asked for) the given deliveries created. */
export function createdBy(
  db: GateDb,
  kube: GateKube,
  world: { projectId: string; since: Date },
  traces: DeliveryTrace[],
  kinds: Created[],
): Probe<Created> {
  return async () => {
    const found: Found<Created>[] = [];
    for (const t of traces) {
      if (kinds.includes('run'))
        for (const r of await db.runsForIssue(world.projectId, t.issue, world.since))
          found.push({ kind: 'run', what: `run ${r.id} (${r.status}) for issue #${t.issue}` });
      if (kinds.includes('flow event'))
        for (const e of await db.flowEvents(t.deliveryId))
          found.push({ kind: 'flow event', what: `flow event ${e.event_type} for ${t.deliveryId}` });
      if (kinds.includes('Job'))
        for (const j of await kube.jobsWithCorrelationPrefix(t.deliveryId))
          found.push({ kind: 'Job', what: `Job ${j.metadata?.namespace}/${j.metadata?.name}` });
    }
    return found;
  };
}
