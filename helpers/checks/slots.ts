import type { Finding } from '../clients/db-audit.js';
import type { SlotRow } from '../clients/db.js';

const CAP = 10;

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
      // eslint-disable-next-line no-restricted-syntax -- a sampler's period between snapshots, not a wait for a state
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
