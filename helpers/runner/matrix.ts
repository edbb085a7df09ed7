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

const MATRIX_FILE = path.join(ROOT, 'regression-matrix.md');

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

/** The upstream gate group a gate item belongs to, for reports and Allure epics. */
export const gateGroup = (gateItem: string) =>
  gateItem.startsWith('P0')
    ? 'P0 must pass'
    : gateItem.startsWith('P1')
      ? 'P1 should pass'
      : gateItem.startsWith('D7')
        ? 'Epic Day 7 data checks'
        : 'Security boundary';
