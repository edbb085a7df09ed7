import { test, expect } from '@playwright/test';
import { RELEASED, slotAfterRun } from '../../helpers/checks/slots.js';
import type { SlotRow } from '../../helpers/clients/db.js';

const slot = (over: Partial<SlotRow>): SlotRow =>
  ({ id: 's1', project_id: 'p1', slot_no: 1, state: 'free', lease_owner: null, lease_until: null, ...over }) as SlotRow;
const until = new Date('2026-01-01T00:00:00Z');

test('a finished run released its own lease: the slot is free, or already leased to the next run (kodex lease_slot.sql)', () => {
  expect(slotAfterRun(slot({}), 'run-a')).toMatch(RELEASED);
  expect(slotAfterRun(slot({ state: 'leased', lease_owner: 'run-b', lease_until: until }), 'run-a')).toMatch(RELEASED);
});
test('a slot still held by the run, or stuck releasing, is not released, and says why', () => {
  expect(slotAfterRun(slot({ state: 'leased', lease_owner: 'run-a', lease_until: until }), 'run-a')).toMatch(
    /^leased, lease owner this run/,
  );
  expect(slotAfterRun(slot({ state: 'releasing' }), 'run-a')).toBe('releasing, lease owner none, lease_until none');
  expect(slotAfterRun(slot({ state: 'releasing' }), 'run-a')).not.toMatch(RELEASED);
  expect(slotAfterRun(undefined, 'run-a')).toBe('missing');
});
