import pg from 'pg';
import path from 'node:path';
import { test as base, expect } from '../../fixtures/index.js';
import { ROOT } from '../../helpers/runner/config.js';
import { readMatrix } from '../../helpers/runner/matrix.js';
import { bootStand, type StandHandle } from '../../helpers/runner/stand-boot.js';
import { MUTATION_LANES, NOTHING, resultsUnder, runGate, type ChildRun } from '../../helpers/runner/child-gate.js';
import { FAULT_CATALOG, type FaultSpec } from '../../contract/faults.js';
import { CONTROL, judge, MUTATION_ANNOTATION, tableLine, type KillRow } from './kill.js';
import { lanesOf, unitsOf, type Lane } from './lanes.js';

/**
 * The mutation check: every stand fault must turn the gate scenarios it names red, each with the fault's
 * `failsWith` message. The scenarios are spread over lanes that run side by side (tests/mutation/lanes.ts), each a
 * stand of its own with the runtime fault switch and one child gate run over its scenarios: each scenario runs first
 * as the healthy control, then once per fault that names it, the fault switched on for that test alone
 * (fixtures/fault-plan.ts). A red control fails the check, since a kill would then prove nothing. A fault whose
 * traces outlive the switch ends its lane, alone in the last repeat.
 */
const matrix = readMatrix();
const specOf = new Map(matrix.map((r) => [r.id, r.spec]));
/** The same server, another database. */
const onDatabase = (url: string, name: string) => url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
const faults = Object.entries(FAULT_CATALOG) as [string, FaultSpec][];
const lanes = lanesOf(unitsOf(specOf), MUTATION_LANES);

const test = base.extend<object, { lab: { boot: (name: string) => Promise<StandHandle & { drop(): Promise<void> }> } }>(
  {
    lab: [
      async ({ gate }, use, workerInfo) => {
        const admin = new pg.Client({ connectionString: onDatabase(gate.GATE_DATABASE_URL, 'postgres') });
        await admin.connect();
        // Stands still up when the worker ends (a test that timed out never reached its finally) are stopped here.
        const running = new Set<StandHandle>();
        await use({
          boot: async (name) => {
            const db = `kodex_mut_${name.replace(/\W/g, '_')}_${workerInfo.parallelIndex}`.slice(0, 60);
            await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
            await admin.query(`CREATE DATABASE ${db}`);
            const drop = async () => {
              await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
            };
            try {
              const stand = await bootStand({
                name,
                faults: [],
                faultSwitch: true,
                databaseUrl: onDatabase(gate.GATE_DATABASE_URL, db),
              });
              running.add(stand);
              return { ...stand, drop };
            } catch (err) {
              await drop();
              throw err;
            }
          },
        });
        for (const stand of running) await stand.stop();
        await admin.end();
      },
      { scope: 'worker' },
    ],
  },
);

test.describe.configure({ mode: 'parallel', timeout: 15 * 60_000 });

test('every fault names scenarios of regression-matrix.md', () => {
  for (const [fault, f] of faults)
    expect(
      f.scenarios.filter((id) => !specOf.has(id)),
      `fault ${fault} names scenarios that exist in regression-matrix.md`,
    ).toEqual([]);
});

test('the lanes plan each fault of each scenario once, one outliving its switch last on its stand', () => {
  const planned = lanes.flatMap((lane) =>
    Object.entries(lane.plan).flatMap(([id, plan]) =>
      plan.slice(1).flatMap((fault, repeat) => (fault === NOTHING ? [] : [{ lane, id, fault, repeat: repeat + 1 }])),
    ),
  );
  const expected = faults.flatMap(([fault, f]) =>
    f.scenarios.filter((id) => specOf.has(id)).map((id) => `${fault} ${id}`),
  );
  expect(planned.map((p) => `${p.fault} ${p.id}`).sort(), 'each fault of each scenario, once').toEqual(expected.sort());
  for (const p of planned.filter(
    (x) => (FAULT_CATALOG[x.fault as keyof typeof FAULT_CATALOG] as FaultSpec).outlivesSwitch,
  )) {
    const after = planned.filter((x) => x.lane === p.lane && x !== p && x.repeat >= p.repeat);
    expect(after, `nothing runs after ${p.fault} on ${p.lane.name}`).toEqual([]);
  }
});

/** How a child's time went: to its first test, in its tests, between them (worker starts, worlds), after them. */
function timeline(run: ChildRun): string {
  const ran = Object.values(run.byId).filter((r) => r.status !== 'skipped');
  const first = Math.min(...ran.map((r) => r.startMs));
  const end = Math.max(...ran.map((r) => r.startMs + r.durationMs));
  const inTests = ran.reduce((ms, r) => ms + r.durationMs, 0);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `${ran.length} tests; first at ${s(first)}, in tests ${s(inTests)}, between ${s(end - first - inTests)}, after ${s(run.ms - end)}`;
}

/** The lane's child gate run on its stand: the control and kill rows of its scenarios. */
async function runLane(child: Lane, env: Record<string, string>, attach: (run: ChildRun) => void) {
  const run = await runGate({
    grep: `(${child.ids.join('|')}) `,
    specs: child.specs,
    env: { ...env, GATE_RUN_ID: `kodex-gate-mut-${child.name}`, GATE_MUTATION_PLAN: JSON.stringify(child.plan) },
    repeatEach: Math.max(...Object.values(child.plan).map((p) => p.length)),
    outputDir: path.join(ROOT, 'test-results', 'mutation', child.name),
    timeoutMs: 13 * 60_000,
  });
  console.log(`${child.name} (${child.specs.join(', ')}): child run ${run.ms} ms, ${timeline(run)}`);
  const healthy = resultsUnder(run, CONTROL);
  const controls: KillRow[] = child.ids.map((scenario) => ({
    fault: CONTROL,
    scenario,
    killed: false,
    status: healthy.byId[scenario]?.status ?? 'not run',
    matched: healthy.byId[scenario]?.error?.split('\n')[0] ?? 'passed',
    ms: run.ms,
  }));
  const rows = [...child.targets].flatMap(([fault, on]) =>
    judge(fault, FAULT_CATALOG[fault as keyof typeof FAULT_CATALOG], on, resultsUnder(run, fault), run.ms),
  );
  if ([...controls, ...rows].some((r) => r.status === 'not run')) attach(run);
  return [...controls, ...rows];
}

for (const lane of lanes) {
  test(`faults of ${lane.name} turn ${lane.ids.join(', ')} red`, async ({ gate, lab }, testInfo) => {
    test.skip(gate.target !== 'local', 'the mutation check needs the local stand');
    const started = Date.now();
    const stand = await lab.boot(lane.name);
    console.log(`${lane.name}: stand booted in ${Date.now() - started} ms`);
    const attach = (run: ChildRun) =>
      testInfo.attachments.push({ name: 'child output', contentType: 'text/plain', body: Buffer.from(run.output) });
    let rows: KillRow[];
    try {
      rows = await runLane(lane, stand.env, attach);
    } finally {
      await stand.stop();
      await stand.drop();
    }
    for (const row of rows) {
      testInfo.annotations.push({ type: MUTATION_ANNOTATION, description: JSON.stringify(row) });
      console.log(tableLine(row));
    }
    for (const c of rows.filter((r) => r.fault === CONTROL))
      expect(
        c.status,
        `healthy control: ${c.scenario} passes on a stand without faults (else a kill proves nothing): ${c.matched}`,
      ).toBe('expected');
    for (const row of rows.filter((r) => r.fault !== CONTROL)) {
      const f = FAULT_CATALOG[row.fault as keyof typeof FAULT_CATALOG];
      expect(
        row.killed,
        `${row.scenario} goes red when ${f.breaks}, with /${f.failsWith}/; got ${row.status}: ${row.matched}`,
      ).toBe(true);
    }
  });
}
