import pg from 'pg';
import path from 'node:path';
import { test as base, expect } from '../../fixtures/index.js';
import { ROOT } from '../../helpers/runner/config.js';
import { readMatrix } from '../../helpers/runner/matrix.js';
import { bootStand, type StandHandle } from '../../helpers/runner/stand-boot.js';
import { resultsUnder, runGate } from '../../helpers/runner/child-gate.js';
import { FAULT_CATALOG, type FaultSpec } from '../../contract/faults.js';
import { CONTROL, judge, MUTATION_ANNOTATION, tableLine, type KillRow } from './kill.js';

/**
 * The mutation check: every stand fault must turn the gate scenarios it names red, each with the fault's
 * `failsWith` message. One child gate run per spec file, against a stand of its own with the runtime fault
 * switch: each scenario runs first as the healthy control, then once per fault that names it, the fault
 * switched on for that test alone (fixtures/fault-plan.ts). A red control fails the check, since a kill
 * would then prove nothing.
 */
const matrix = readMatrix();
const specOf = new Map(matrix.map((r) => [r.id, r.spec]));
/** The same server, another database. */
const onDatabase = (url: string, name: string) => url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
const faults = Object.entries(FAULT_CATALOG) as [string, FaultSpec][];

/** Per spec file: each scenario's plan (the control, then its faults) and each fault's scenarios there. */
const bySpec = new Map<string, { plan: Record<string, string[]>; targets: Map<string, string[]> }>();
for (const [fault, f] of faults) {
  for (const id of f.scenarios) {
    if (!specOf.has(id)) continue; // reported by the catalog test below
    // A fault whose traces outlive the switch gets a child run (and a stand) of its own.
    const spec = f.outlivesSwitch ? `${specOf.get(id)}#${fault}` : specOf.get(id)!;
    const group = bySpec.get(spec) ?? { plan: {} as Record<string, string[]>, targets: new Map<string, string[]>() };
    bySpec.set(spec, group);
    (group.plan[id] ??= ['']).push(fault);
    group.targets.set(fault, [...(group.targets.get(fault) ?? []), id]);
  }
}

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

test.describe.configure({ mode: 'parallel', timeout: 10 * 60_000 });

test('every fault names scenarios of regression-matrix.md', () => {
  for (const [fault, f] of faults)
    expect(
      f.scenarios.filter((id) => !specOf.has(id)),
      `fault ${fault} names scenarios that exist in regression-matrix.md`,
    ).toEqual([]);
});

for (const [group, { plan, targets }] of bySpec) {
  const ids = Object.keys(plan);
  const spec = group.split('#')[0];
  test(`faults of ${group} turn ${ids.join(', ')} red`, async ({ gate, lab }, testInfo) => {
    test.skip(gate.target !== 'local', 'the mutation check needs the local stand');
    const name = path.basename(spec, '.spec.ts') + (group.includes('#') ? `-${group.split('#')[1]}` : '');
    const started = Date.now();
    const stand = await lab.boot(name);
    const booted = Date.now() - started;
    let rows: KillRow[] = [];
    let controls: KillRow[] = [];
    try {
      const run = await runGate({
        grep: `(${ids.join('|')}) `,
        specs: [spec],
        env: {
          ...stand.env,
          GATE_RUN_ID: `kodex-gate-mut-${name}`,
          GATE_MUTATION_PLAN: JSON.stringify(plan),
        },
        repeatEach: Math.max(...Object.values(plan).map((p) => p.length)),
        outputDir: path.join(ROOT, 'test-results', 'mutation', name),
      });
      const ms = Date.now() - started - booted;
      console.log(`${spec}: stand booted in ${booted} ms, child run ${ms} ms`);
      const healthy = resultsUnder(run, CONTROL);
      controls = ids.map((scenario) => ({
        fault: CONTROL,
        scenario,
        killed: false,
        status: healthy.byId[scenario]?.status ?? 'not run',
        matched: healthy.byId[scenario]?.error?.split('\n')[0] ?? 'passed',
        ms,
      }));
      rows = [...targets].flatMap(([fault, on]) =>
        judge(fault, FAULT_CATALOG[fault as keyof typeof FAULT_CATALOG], on, resultsUnder(run, fault), ms),
      );
      if ([...controls, ...rows].some((r) => r.status === 'not run'))
        testInfo.attachments.push({ name: 'child output', contentType: 'text/plain', body: Buffer.from(run.output) });
    } finally {
      await stand.stop();
      await stand.drop();
    }
    for (const row of [...controls, ...rows]) {
      testInfo.annotations.push({ type: MUTATION_ANNOTATION, description: JSON.stringify(row) });
      console.log(tableLine(row));
    }
    for (const c of controls)
      expect(
        c.status,
        `healthy control: ${c.scenario} passes on a stand without faults (else a kill proves nothing): ${c.matched}`,
      ).toBe('expected');
    for (const row of rows) {
      const f = FAULT_CATALOG[row.fault as keyof typeof FAULT_CATALOG];
      expect(
        row.killed,
        `${row.scenario} goes red when ${f.breaks}, with /${f.failsWith}/; got ${row.status}: ${row.matched}`,
      ).toBe(true);
    }
  });
}
