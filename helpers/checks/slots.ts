import { RUN_STATUS, SLOT_STATE } from '../../contract/kodex.js';
import type { Finding, Query } from './audit.js';
import type { SlotRow } from '../clients/db.js';

const CAP = 10;
/** `AND <column> = $1` when the check is scoped to one project; $1 is then the project id. */
const inProject = (column: string, scoped: boolean) => (scoped ? `AND ${column} = $1::uuid` : '');

/**
 * kodex's slot invariants (worker runqueue: the claim leases one free slot of the run's project and marks the
 * run running in one transaction, lease_owner = the run id; the finish frees it in one). In any one snapshot:
 * no project has more running runs than slots, every running run holds exactly one leased slot of its project,
 * and every leased slot belongs to a running run.
 */
const slotInvariants = (scoped: boolean): Record<string, string> => ({
  'projects with more running runs than slots': `SELECT 'projects.id=' || r.project_id || ' running=' || count(*)
      || ' slots=' || (SELECT count(*) FROM slots s WHERE s.project_id = r.project_id) AS ref
    FROM agent_runs r WHERE r.status = '${RUN_STATUS.running}' ${inProject('r.project_id', scoped)}
    GROUP BY r.project_id HAVING count(*) > (SELECT count(*) FROM slots s WHERE s.project_id = r.project_id)`,
  'running runs without exactly one leased slot of their project': `SELECT 'agent_runs.id=' || r.id || ' holds '
      || count(s.id) || ' leased slot(s)' AS ref
    FROM agent_runs r LEFT JOIN slots s ON s.lease_owner = r.id::text AND s.project_id = r.project_id
      AND s.state = '${SLOT_STATE.leased}'
    WHERE r.status = '${RUN_STATUS.running}' ${inProject('r.project_id', scoped)}
    GROUP BY r.id HAVING count(s.id) <> 1`,
  'leased slots that belong to no running run of their project': `SELECT 'slots.id=' || s.id || ' slot_no=' || s.slot_no
      || ' lease_owner=' || COALESCE(s.lease_owner, '∅') || ' (' || COALESCE(r.status, 'no such run') || ')' AS ref
    FROM slots s LEFT JOIN agent_runs r ON r.id::text = s.lease_owner AND r.project_id = s.project_id
    WHERE s.state = '${SLOT_STATE.leased}' ${inProject('s.project_id', scoped)}
      AND r.status IS DISTINCT FROM '${RUN_STATUS.running}'`,
});

/** The slot invariants in the caller's snapshot, platform-wide or for one project. */
export async function slotInvariantFindings(q: Query, projectId?: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [check, sql] of Object.entries(slotInvariants(!!projectId))) {
    const rows = await q(
      `SELECT ref, count(*) OVER () AS total FROM (${sql}) x LIMIT ${CAP}`,
      projectId ? [projectId] : [],
    );
    if (rows.length) findings.push({ check, total: Number(rows[0].total), rows: rows.map((r) => r.ref) });
  }
  return findings;
}

/** What a watch saw: how many snapshots it took and every broken invariant, once per check and row. */
export interface SlotWatch {
  samples: number;
  findings: Finding[];
}

/**
 * Samples one project's slot invariants, each sample one snapshot, until stopped: the invariants under load,
 * while runs are claimed, run and finish. `sample` is GateDb.slotInvariants.
 */
export function watchSlotInvariants(
  sample: (projectId: string) => Promise<Finding[]>,
  projectId: string,
  everyMs = 100,
): { stop: () => Promise<SlotWatch> } {
  const seen = new Map<string, Set<string>>();
  let samples = 0;
  let stopped = false;
  let error: unknown;
  const loop = (async () => {
    while (!stopped) {
      try {
        for (const f of await sample(projectId)) {
          const rows = seen.get(f.check) ?? new Set<string>();
          f.rows.forEach((r) => rows.add(r));
          seen.set(f.check, rows);
        }
        samples++;
      } catch (err) {
        error = err;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      if (error) throw new Error(`the slot invariant watch failed: ${(error as Error).message}`);
      const findings = [...seen].map(([check, rows]) => ({ check, total: rows.size, rows: [...rows].slice(0, CAP) }));
      return { samples, findings };
    },
  };
}

/** What a slot says about a finished run's lease: "free", "leased by another run", or what is wrong with it. */
export type SlotAfterRun = 'free' | 'leased by another run' | string;

/**
 * After a run ends, its slot must no longer be held by it. kodex leases the lowest free slot to the next pending
 * run at once (runqueue lease_slot.sql), so on a shared project the slot may rightly be leased again: the check is
 * that this run released its own lease, not that nobody holds the slot.
 */
export function slotAfterRun(slot: SlotRow | undefined, runId: string): SlotAfterRun {
  if (!slot) return 'missing';
  if (slot.state === 'free' && slot.lease_owner === null && slot.lease_until === null) return 'free';
  if (slot.state === 'leased' && slot.lease_owner && slot.lease_owner !== runId) return 'leased by another run';
  const owner = slot.lease_owner === runId ? 'this run' : (slot.lease_owner ?? 'none');
  return `${slot.state}, lease owner ${owner}, lease_until ${slot.lease_until ?? 'none'}`;
}
/** The outcomes slotAfterRun accepts. */
export const RELEASED = /^(free|leased by another run)$/;
