import type { SlotRow } from '../clients/db.js';

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
