import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './config.js';

export interface MatrixRow {
  id: string;
  gateItem: string;
  requirement: string;
  spec: string;
  tags: string[];
  title: string;
}

export const MATRIX_FILE = path.join(ROOT, 'regression-matrix.md');

/** The scenario rows of regression-matrix.md: `| ID | Gate item | Requirement | Spec | Tags | Scenario |`. */
export function readMatrix(file = MATRIX_FILE): MatrixRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /^\|\s*[A-Z]\d+\s*\|/.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .map(([id, gateItem, requirement, spec, tags, title]) => ({
      id,
      gateItem,
      requirement,
      spec: spec.replace(/`/g, ''),
      tags: tags.split(/[\s,]+/).filter(Boolean),
      title,
    }));
}

/**
 * The gate groups, in the order an owner reads them (their names sort that way in the Allure tree), each with
 * the Allure severity its scenarios carry.
 */
const GROUPS = [
  { prefix: 'P0', name: '1 · P0 must pass', severity: 'blocker' },
  { prefix: 'Security', name: '2 · Security boundary', severity: 'blocker' },
  { prefix: 'NFR', name: '3 · Non-functional requirements', severity: 'critical' },
  { prefix: 'D7', name: '4 · Day 7 epic: data and end-to-end checks', severity: 'critical' },
  { prefix: 'P1', name: '5 · P1 should pass', severity: 'normal' },
] as const;

/** The gate group a gate item belongs to (by its upstream prefix: P0-, Security, NFR-, D7, P1-). */
function groupOf(gateItem: string) {
  const group = GROUPS.find((g) => gateItem.startsWith(g.prefix));
  if (!group)
    throw new Error(
      `regression-matrix.md: gate item "${gateItem}" belongs to no gate group (P0, Security, NFR, D7, P1)`,
    );
  return group;
}

/** The upstream gate group a gate item belongs to, for reports and Allure epics. */
export const gateGroup = (gateItem: string) => groupOf(gateItem).name;

/** The Allure severity of a scenario: its group's, and never above normal for one outside the go/no-go set. */
export const gateSeverity = (row: MatrixRow) =>
  row.tags.includes('@critical') ? groupOf(row.gateItem).severity : row.gateItem.startsWith('P1') ? 'normal' : 'minor';
