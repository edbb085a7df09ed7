import { test, expect } from '@playwright/test';
import { FAULT_CATALOG, type FaultSpec } from '../../contract/faults.js';
import { judge } from '../mutation/kill.js';

const spec = { failsWith: 'no slot still leased by the finished run' };
const run = (status: string, error?: string) => ({
  ok: false,
  output: '',
  byId: { R3: { status, error, durationMs: 1 } },
});

test("a kill counts only when the scenario fails with the fault's message", () => {
  const [killed] = judge(
    'slot-never-freed',
    spec,
    ['R3'],
    run('unexpected', 'Error: no slot still leased by the finished run\n\nexpect(received).toHaveLength(expected)'),
    10,
  );
  expect(killed).toMatchObject({
    killed: true,
    scenario: 'R3',
    matched: 'Error: no slot still leased by the finished run',
  });
});
test('red for another reason (a timeout, a crash, a world that failed to build) is not a kill', () => {
  for (const error of [
    'Test timeout of 60000ms exceeded.',
    'Error: world cleanup failed',
    'Error: connect ECONNREFUSED 127.0.0.1:5432',
  ]) {
    expect(judge('slot-never-freed', spec, ['R3'], run('unexpected', error), 10)[0], error).toMatchObject({
      killed: false,
      matched: error,
    });
  }
});
test('a green, or a scenario that did not run, is not a kill', () => {
  expect(judge('slot-never-freed', spec, ['R3'], run('expected'), 10)[0].killed).toBe(false);
  expect(judge('slot-never-freed', spec, ['R3'], { ok: false, output: '', byId: {} }, 10)[0]).toMatchObject({
    killed: false,
    status: 'not run',
  });
});
test('every fault names a valid failsWith that a healthy pass cannot match', () => {
  for (const [name, f] of Object.entries(FAULT_CATALOG) as [string, FaultSpec][]) {
    expect(f.failsWith, name).toBeTruthy();
    expect(() => new RegExp(f.failsWith), name).not.toThrow();
    expect(new RegExp(f.failsWith).test(''), `${name}: failsWith matches an empty message`).toBe(false);
  }
});
