import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import path from 'node:path';
import { test as base, expect } from '../../fixtures/index.js';
import { ROOT } from '../../helpers/runner/config.js';
import { readMatrix } from '../../helpers/runner/matrix.js';
import { bootStand, type StandHandle } from '../../helpers/runner/stand-boot.js';
import { runGate } from '../../helpers/runner/child-gate.js';
import { FAULT_CATALOG, type FaultSpec } from '../../contract/faults.js';
import { CONTROL, judge, MUTATION_ANNOTATION, tableLine, type KillRow } from './kill.js';

/**
 * The mutation check: for every stand fault, a stand boots with that fault on and only the gate scenarios
 * it names are run against it. Each must go red with the fault's `failsWith` message. A healthy control
 * (same child settings, a fresh database on the same cluster) runs those scenarios first: red there fails
 * the check, since a kill under the fault would then prove nothing.
 */
const matrix = readMatrix();
const implemented = new Set(matrix.map((r) => r.id));
/** The spec files holding these scenarios: the child loads only those. */
const specsOf = (ids: readonly string[]) => [...new Set(matrix.filter((r) => ids.includes(r.id)).map((r) => r.spec))];
/** The same server, another database. */
const onDatabase = (url: string, name: string) => url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
const faults = Object.entries(FAULT_CATALOG) as [string, FaultSpec][];

interface Lab {
  /** A stand with these faults on a fresh database of the shared cluster; stopped and dropped by the caller. */
  boot(name: string, faultNames: string[]): Promise<StandHandle & { drop: () => Promise<void> }>;
  /** Runs the healthy control once per scenario and worker; throws when one is red. */
  control(ids: readonly string[]): Promise<void>;
}

const test = base.extend<object, { lab: Lab }>({
  lab: [
    async ({ gate }, use, workerInfo) => {
      const admin = new pg.Client({ connectionString: onDatabase(gate.GATE_DATABASE_URL, 'postgres') });
      await admin.connect();
      // Stands still up when the worker ends (a test that timed out never reached its finally) are stopped here.
      const running = new Set<StandHandle>();
      const boot: Lab['boot'] = async (name, faultNames) => {
        const db = `kodex_mut_${name.replace(/\W/g, '_')}_${workerInfo.parallelIndex}`;
        await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${db}`);
        const drop = async () => {
          await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
        };
        try {
          const stand = await bootStand({
            name,
            faults: faultNames,
            databaseUrl: onDatabase(gate.GATE_DATABASE_URL, db),
          });
          running.add(stand);
          return { ...stand, drop };
        } catch (err) {
          await drop();
          throw err;
        }
      };
      let healthy: Awaited<ReturnType<Lab['boot']>> | undefined;
      // A scenario green under the control in this run (any worker; test-results/ is emptied per run) is not rerun.
      const verifiedDir = path.join(ROOT, 'test-results', 'mutation', 'control-green');
      const verified = {
        has: (id: string) => existsSync(path.join(verifiedDir, id)),
        add: (id: string) => writeFileSync(path.join(verifiedDir, id), ''),
      };
      mkdirSync(verifiedDir, { recursive: true });
      const control: Lab['control'] = async (ids) => {
        const todo = ids.filter((id) => !verified.has(id));
        if (!todo.length) return;
        const started = Date.now();
        healthy ??= await boot('control', []);
        const run = await runGate({
          grep: `(${todo.join('|')}) `,
          specs: specsOf(todo),
          env: { ...healthy.env, GATE_RUN_ID: `kodex-gate-mutctl-${workerInfo.parallelIndex}` },
          outputDir: path.join(ROOT, 'test-results', 'mutation', `control-${workerInfo.parallelIndex}`),
        });
        for (const id of todo) {
          const r = run.byId[id];
          expect(
            r?.status,
            `healthy control: ${id} passes on a stand without faults (else a kill proves nothing): ${r?.error?.split('\n')[0] ?? run.output}`,
          ).toBe('expected');
        }
        todo.forEach(verified.add);
        test.info().annotations.push({
          type: MUTATION_ANNOTATION,
          description: JSON.stringify({
            fault: CONTROL,
            scenario: todo.join(','),
            killed: false,
            status: 'expected',
            matched: 'passed',
            ms: Date.now() - started,
          } satisfies KillRow),
        });
      };
      await use({ boot, control });
      for (const stand of running) await stand.stop();
      await healthy?.drop();
      await admin.end();
    },
    { scope: 'worker' },
  ],
});

// Control and fault run in one test: twice the project's per-test budget, on a loaded machine.
test.describe.configure({ mode: 'parallel', timeout: 10 * 60_000 });

for (const [fault, spec] of faults) {
  test(`fault ${fault} turns ${spec.scenarios.join(', ')} red`, async ({ gate, lab }, testInfo) => {
    test.skip(gate.target !== 'local', 'the mutation check needs the local stand');
    const ids = spec.scenarios.filter((id) => implemented.has(id));
    expect(ids, `fault ${fault} names scenarios that exist in regression-matrix.md`).toEqual([...spec.scenarios]);
    await lab.control(ids);
    const started = Date.now();
    const stand = await lab.boot(fault, [fault]);
    const booted = Date.now() - started;
    let rows: KillRow[];
    try {
      const run = await runGate({
        grep: `(${ids.join('|')}) `,
        specs: specsOf(ids),
        env: { ...stand.env, GATE_RUN_ID: `kodex-gate-mut-${testInfo.parallelIndex}` },
        outputDir: path.join(ROOT, 'test-results', 'mutation', fault),
      });
      rows = judge(fault, spec, ids, run, Date.now() - started);
      console.log(`fault ${fault}: stand booted in ${booted} ms, child run ${Date.now() - started - booted} ms`);
      if (rows.some((r) => r.status === 'not run'))
        testInfo.attachments.push({ name: 'child output', contentType: 'text/plain', body: Buffer.from(run.output) });
    } finally {
      await stand.stop();
      await stand.drop();
    }
    for (const row of rows) {
      testInfo.annotations.push({ type: MUTATION_ANNOTATION, description: JSON.stringify(row) });
      console.log(tableLine(row));
    }
    for (const row of rows) {
      expect(
        row.killed,
        `${row.scenario} goes red when ${spec.breaks}, with /${spec.failsWith}/; got ${row.status}: ${row.matched}`,
      ).toBe(true);
    }
  });
}
