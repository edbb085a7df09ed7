import { expect } from '@playwright/test';
import type { Finding } from '../clients/db-audit.js';
import type { SlotRow } from '../clients/db.js';

const CAP = 10;

export interface SlotWatch {
  samples: number;
  findings: Finding[];
}

/**
 * Samples one project's slot invariants, each sample one snapshot, until stopped: the invariants under load,
 * while runs are claimed, run and finish. `sample` is GateDb.slotInvariants. A watch not stopped within `boundMs`
 * ends there and fails its stop.
 */
export function watchSlotInvariants(
  sample: (projectId: string) => Promise<Finding[]>,
  projectId: string,
  boundMs: number,
  everyMs = 100,
): { stop: () => Promise<SlotWatch> } {
  const seen = new Map<string, Set<string>>();
  let samples = 0;
  let stopped = false;
  let error: unknown;
  /** One snapshot; true once the watch is over (stopped, or its sample failed). */
  const look = async () => {
    if (stopped) return true;
    try {
      for (const f of await sample(projectId)) {
        const rows = seen.get(f.check) ?? new Set<string>();
        f.rows.forEach((r) => rows.add(r));
        seen.set(f.check, rows);
      }
      samples++;
    } catch (err) {
      error = err;
      return true;
    }
    return stopped;
  };
  const watch = expect
    .poll(look, {
      message: `the slot invariant watch of project ${projectId} is stopped within ${boundMs} ms`,
      timeout: boundMs,
      intervals: [everyMs],
    })
    .toBe(true)
    .catch((err) => {
      error = err;
    });
  return {
    stop: async () => {
      stopped = true;
      await watch;
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
