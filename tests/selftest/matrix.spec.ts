import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { ROOT } from '../../helpers/runner/config.js';
import { readMatrix } from '../../helpers/runner/matrix.js';
import { KNOWN_TAGS } from '../../helpers/checks/scenario.js';
import { FAULT_CATALOG } from '../../contract/faults.js';

/** Every `test('ID …', { tag: [...], annotation: scenario('ID') }` declared in the scenario specs. */
function declaredScenarios(specs: string[]) {
  const found: { id: string; spec: string; tags: string[] }[] = [];
  for (const spec of specs) {
    const text = readFileSync(path.join(ROOT, spec), 'utf8');
    for (const m of text.matchAll(
      /test\(\s*(['"`])([A-Z]\d+) (?:(?!\1).)*\1,\s*\{\s*tag:\s*\[([^\]]*)\],\s*annotation:\s*scenario\('([A-Z]\d+)'\)/g,
    )) {
      expect(m[2], `title and annotation agree in ${spec}`).toBe(m[4]);
      found.push({ id: m[2], spec, tags: [...m[3].matchAll(/'(@\w+)'/g)].map((t) => t[1]) });
    }
  }
  return found;
}

test('regression-matrix.md and the specs agree on IDs, specs and tags', () => {
  const matrix = readMatrix();
  const specs = [...new Set(matrix.map((r) => r.spec))];
  const declared = declaredScenarios(specs);
  expect(declared.map((d) => d.id).sort(), 'every matrix ID has exactly one test').toEqual(
    matrix.map((r) => r.id).sort(),
  );
  for (const row of matrix) {
    const d = declared.find((x) => x.id === row.id)!;
    expect(d.spec, `${row.id} lives in the spec the matrix names`).toBe(row.spec);
    expect(d.tags.sort(), `${row.id} carries the matrix's tags`).toEqual([...row.tags].sort());
    for (const tag of d.tags) expect(KNOWN_TAGS as readonly string[], `${row.id}: known tag`).toContain(tag);
  }
});

test('every stand fault is documented and names scenarios of the matrix', () => {
  const ids = new Set(readMatrix().map((r) => r.id));
  const readme = readFileSync(path.join(ROOT, 'stand', 'README.md'), 'utf8');
  for (const [fault, { scenarios }] of Object.entries(FAULT_CATALOG)) {
    expect(readme, `stand/README.md documents ${fault}`).toContain(`\`${fault}\``);
    for (const id of scenarios) expect(ids.has(id), `${fault} → ${id} is in the matrix`).toBe(true);
  }
  const critical = readMatrix()
    .filter((r) => r.tags.includes('@critical'))
    .map((r) => r.id);
  const covered = new Set(Object.values(FAULT_CATALOG).flatMap((f) => f.scenarios as readonly string[]));
  expect(
    critical.filter((id) => !covered.has(id)),
    'every @critical scenario has a fault that turns it red',
  ).toEqual([]);
});
