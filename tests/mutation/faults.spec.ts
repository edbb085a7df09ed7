import pg from 'pg';
import path from 'node:path';
import { test, expect } from '../../fixtures/index.js';
import { ROOT } from '../../helpers/config.js';
import { readMatrix } from '../../helpers/matrix.js';
import { bootStand, runGate } from '../../helpers/stand-process.js';
import { FAULT_CATALOG, type FaultName } from '../../contract/faults.js';

/**
 * The mutation check: for every stand fault, a stand boots with that fault on and the gate scenarios
 * it must break are run against it. Each of them has to go red; a scenario that stays green under
 * its fault cannot catch that regression.
 */
const implemented = new Set(readMatrix().map((r) => r.id));
/** The same server, another database. */
const onDatabase = (url: string, name: string) => url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
const faults = Object.entries(FAULT_CATALOG) as [FaultName, (typeof FAULT_CATALOG)[FaultName]][];

test.describe.configure({ mode: 'parallel' });

for (const [fault, { breaks, scenarios }] of faults) {
  const ids = scenarios.filter((id) => implemented.has(id));
  test(`fault ${fault} turns ${scenarios.join(', ')} red`, async ({ gate }, testInfo) => {
    test.skip(gate.target !== 'local', 'the mutation check needs the local stand');
    expect(ids, `fault ${fault} names scenarios that exist in regression-matrix.md`).toEqual(scenarios);
    const dbName = `kodex_mut_${fault.replace(/\W/g, '_')}_${testInfo.parallelIndex}`;
    const admin = new pg.Client({ connectionString: onDatabase(gate.GATE_DATABASE_URL, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    const stand = await bootStand({ name: fault, faults: [fault], databaseUrl: onDatabase(gate.GATE_DATABASE_URL, dbName) });
    try {
      const run = await runGate({
        grep: `(${ids.join('|')}) `,
        env: { ...stand.env, GATE_RUN_TIMEOUT_MS: '5000', GATE_EXPECT_TIMEOUT_MS: '5000', GATE_RUN_ID: `kodex-gate-mut-${testInfo.parallelIndex}` },
        outputDir: path.join(ROOT, 'test-results', 'mutation', fault),
      });
      for (const id of ids) {
        expect(run.statusById[id], `scenario ${id} ran against the "${fault}" stand\n${run.output}`).toBeDefined();
        expect(run.statusById[id], `scenario ${id} goes red when ${breaks}`).toBe('unexpected');
      }
    } finally {
      await stand.stop();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
      await admin.end();
    }
  });
}
