import { randomUUID } from 'node:crypto';
import { test, expect } from '../../fixtures/index.js';
import { HOT_QUERIES, VOLUME, largeSeqScans } from '../../helpers/checks/hotspots.js';
import { scenario } from '../../helpers/checks/scenario.js';

test(
  'D3 query hot spots: the main queries of the platform use their indexes on a realistic volume',
  { tag: ['@data'], annotation: scenario('D3') },
  async ({ gate, world, db, notes }) => {
    test.setTimeout(180_000);
    // given: a realistic volume (≥10k runs, ≥100k flow events) in a throwaway project, where the target allows it
    const volume = { projectId: randomUUID(), marker: `${world.marker}-d3` };
    if (gate.seedVolume) await db.seedVolume(volume.projectId, volume.marker);
    try {
      const rows = await db.tableRows();
      if (!gate.seedVolume)
        notes.notChecked(`a seeded volume (GATE_SEED_VOLUME is off): profiled on ${JSON.stringify(rows)}`);
      else
        expect(rows.flow_events, `at least ${VOLUME.events} flow_events to profile on`).toBeGreaterThanOrEqual(
          VOLUME.events * 0.9,
        );
      const values = {
        projectId: gate.seedVolume ? volume.projectId : world.projectId,
        correlationId: `${volume.marker}-42`,
      };
      // when: each main query is planned by the target's PostgreSQL
      const regressions: string[] = [];
      for (const q of HOT_QUERIES) {
        const plan = await db.explain(q.sql, q.params(values));
        await test.info().attach(`plan ${q.name}.json`, {
          body: JSON.stringify({ source: q.source, sql: q.sql, plan }, null, 2),
          contentType: 'application/json',
        });
        const scans = largeSeqScans(plan, rows);
        if (!scans.length) continue;
        if (q.mustUseIndex) regressions.push(`${q.name} (${q.source}): ${scans.join(', ')}`);
        else {
          notes.warning(`hot spot ${q.name} (${q.source}): ${scans.join(', ')}`);
          await test.info().attach(`hot spot ${q.name}`, {
            body: `${q.name} (${q.source}): ${scans.join(', ')}`,
            contentType: 'text/plain',
          });
        }
      }
      const top = await db.topStatements();
      if (top)
        await test.info().attach('pg_stat_statements top by total time.json', {
          body: JSON.stringify(top, null, 2),
          contentType: 'application/json',
        });
      // then: no main query that kodex indexes reads a large table whole
      expect(
        regressions,
        `main queries doing a sequential scan over a large table:\n${regressions.join('\n')}`,
      ).toEqual([]);
    } finally {
      if (gate.seedVolume) await db.removeVolume(volume.projectId, volume.marker);
    }
  },
);
