import type { FaultSpec } from '../../contract/faults.js';
import { CONTROL, type ChildRun } from '../../helpers/runner/child-gate.js';

export { CONTROL };

/** One line of the mutation table: did this fault turn this scenario red for the reason it names. */
export interface KillRow {
  fault: string;
  scenario: string;
  killed: boolean;
  status: string;
  matched: string;
  ms: number;
}
export const MUTATION_ANNOTATION = 'mutation';

/**
 * A kill counts only when the scenario failed and its first error matches the fault's `failsWith`:
 * a timeout, a crash or a world that failed to build is red for another reason and proves nothing.
 */
export function judge(
  fault: string,
  spec: Pick<FaultSpec, 'failsWith'>,
  ids: readonly string[],
  run: Pick<ChildRun, 'ok' | 'output'> & { byId: Record<string, { status: string; error?: string }> },
  ms: number,
): KillRow[] {
  const pattern = new RegExp(spec.failsWith);
  return ids.map((scenario) => {
    const r = run.byId[scenario];
    if (!r) return { fault, scenario, killed: false, status: 'not run', matched: '', ms };
    const match = r.status === 'unexpected' && r.error ? pattern.exec(r.error) : null;
    const line = (text: string, at: number) =>
      text
        .slice(text.lastIndexOf('\n', at) + 1)
        .split('\n')[0]
        .trim()
        .slice(0, 160);
    return {
      fault,
      scenario,
      killed: !!match,
      status: r.status,
      ms,
      matched: match
        ? line(r.error!, match.index)
        : (r.error
            ?.split('\n')
            .find((l) => l.trim())
            ?.trim()
            .slice(0, 160) ?? ''),
    };
  });
}

export const tableLine = (r: KillRow) =>
  `${r.fault === CONTROL ? (r.status === 'expected' ? 'green ' : 'RED   ') : r.killed ? 'killed' : 'ALIVE '}  ${r.fault.padEnd(26)} ${r.scenario.padEnd(4)} ${`${(r.ms / 1000).toFixed(1)}s`.padStart(6)}  ${r.matched}`;
