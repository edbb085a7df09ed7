import { test, expect } from '@playwright/test';
import { standAsk } from '../../helpers/runner/config.js';
import { standDifferences } from '../../helpers/runner/stand-match.js';

const live = (faults: string[], STAND_WORKER_POLL_MS = 100) => ({
  faults,
  switchable: false,
  settings: {
    STAND_WORKERS: 2,
    STAND_WORKER_POLL_MS,
    STAND_REALTIME_MS: 250,
    STAND_JOB_PENDING_MS: 150,
    STAND_JOB_RUN_MS: 500,
    STAND_SLOTS_PER_PROJECT: 2,
  },
});

test('a reused stand with other faults than the run asked for is named, in either direction', () => {
  // given: a run that asks for a fault, and one that asks for none
  const faulty = standAsk({ STAND_FAULTS: 'console-failed-as-succeeded' });
  const healthy = standAsk({});
  // then: a healthy running stand differs from the first, a faulty one from the second
  expect(standDifferences(faulty, live([]))).toEqual([
    'STAND_FAULTS: asked "console-failed-as-succeeded", the running stand has ""',
  ]);
  expect(standDifferences(healthy, live(['double-claim']))).toEqual([
    'STAND_FAULTS: asked "", the running stand has "double-claim"',
  ]);
  expect(standDifferences(faulty, live(['console-failed-as-succeeded']))).toEqual([]);
});

test('a run pointed at a running stand asks for the faults its stand.env names, unless STAND_FAULTS says otherwise', () => {
  expect(standAsk({ GATE_STAND_FAULTS: 'a,b' }).faults).toEqual(['a', 'b']);
  expect(standAsk({ GATE_STAND_FAULTS: 'a', STAND_FAULTS: '' }).faults).toEqual([]);
});

test('a setting the run asked for must match; settings it did not ask for are not compared', () => {
  expect(standDifferences(standAsk({ STAND_WORKER_POLL_MS: '500' }), live([]))).toEqual([
    'STAND_WORKER_POLL_MS: asked 500, the running stand has 100',
  ]);
  expect(standDifferences(standAsk({}), live([], 999))).toEqual([]);
});
