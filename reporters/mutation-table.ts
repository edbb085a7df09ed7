import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestCase } from '@playwright/test/reporter';
import { CONTROL, MUTATION_ANNOTATION, tableLine, type KillRow } from '../tests/mutation/kill.js';

/** The mutation check's rows (one annotation per fault and scenario), printed as a table and kept as mutation.json. */
export async function writeMutationTable(tests: TestCase[], dir: string): Promise<void> {
  const seen = new Set<string>();
  const rows: KillRow[] = [];
  for (const t of tests) {
    for (const a of [...t.annotations, ...t.results.flatMap((r) => r.annotations ?? [])]) {
      if (a.type !== MUTATION_ANNOTATION || !a.description || seen.has(a.description)) continue;
      seen.add(a.description);
      rows.push(JSON.parse(a.description));
    }
  }
  if (!rows.length) return;
  // Rows of one child run share its time: count each child once.
  const total = [...new Set(rows.map((r) => r.ms))].reduce((ms, t) => ms + t, 0);
  console.log(
    [
      '',
      'mutation check (fault, scenario, time, matched message):',
      ...rows.map(tableLine),
      `${rows.filter((r) => r.fault !== CONTROL && r.killed).length}/${rows.filter((r) => r.fault !== CONTROL).length} killed for the right reason; ${(total / 1000).toFixed(0)} s of child runs summed over workers`,
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'mutation.json'), JSON.stringify({ rows }, null, 2));
}
