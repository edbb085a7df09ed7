import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { oneLine } from './verdict.js';

/** The file a gate run leaves its decision in (in the report dir, GATE_REPORT_DIR). */
const VERDICT_FILE = 'verdict.json';
/** What a run writes next to its verdict; none of them may outlive the run that wrote them. */
const RUN_OUTPUTS = [VERDICT_FILE, 'regression-report.md', 'results.json'];

/** Removes an earlier run's verdict and report, so that nothing in `dir` speaks for a run that did not write it. */
export function clearVerdict(dir: string): void {
  for (const name of RUN_OUTPUTS) rmSync(path.join(dir, name), { force: true });
}

/**
 * A run refused before any test (bad or missing configuration, unknown target): its own NO-GO, naming why,
 * in place of whatever an earlier run left.
 */
export function writeRefusedVerdict(dir: string, reason: string, target: string): void {
  clearVerdict(dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, VERDICT_FILE),
    JSON.stringify(
      {
        decision: 'NO-GO',
        reasons: [`the run was refused before any test started: ${oneLine(reason)}`],
        refused: true,
        not_run: [],
        warnings: [],
        target,
        started_at: new Date().toISOString(),
      },
      null,
      2,
    ),
  );
}
