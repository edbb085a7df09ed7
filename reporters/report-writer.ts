import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gateGroup, readMatrix, type MatrixRow } from '../helpers/runner/matrix.js';
import { readTriage } from '../helpers/runner/triage.js';
import {
  computeVerdict,
  countLine,
  incompleteNote,
  priorityOf,
  type Outcome,
  type Verdict,
  type VerdictContext,
} from '../helpers/runner/verdict.js';

export interface Entry extends Outcome {
  evidence: string[];
  runIds: string[];
}
export interface TargetInfo {
  target: string;
  baseUrl: string | null;
  faults: string | null;
  suiteCommit: string | null;
}
/** What one run (or one shard) hands to the merge: everything the verdict and the report are made from. */
export interface RunResults {
  version: 1;
  shard: VerdictContext['shard'];
  status: string;
  problems: string[];
  entries: Entry[];
  target: TargetInfo;
  started_at: string;
  finished_at: string;
}
export const RESULTS_FILE = 'results.json';

/** The @critical scenarios a GO needs: on production only those that may run there (@readonly). */
export function requiredScenarios(target: string, matrix: MatrixRow[] = readMatrix()): string[] {
  return matrix
    .filter((r) => r.tags.includes('@critical') && (target !== 'production' || r.tags.includes('@readonly')))
    .map((r) => r.id);
}

/** Written at onBegin: if the run dies before its end, the last word is NO-GO, never an older GO. */
export async function writePlaceholder(
  dir: string,
  startedAt: Date,
  reasons = ['run in progress (if this stays, the run or the gate reporter died before the end)'],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'verdict.json'),
    JSON.stringify(
      {
        decision: 'NO-GO',
        reasons,
        started_at: startedAt.toISOString(),
      },
      null,
      2,
    ),
  );
}

/** Writes verdict.json, regression-report.md and results.json for a run (or the merge of its shards). */
export async function writeOutputs(
  dir: string,
  run: RunResults,
  required = requiredScenarios(run.target.target),
  triage = readTriage(),
): Promise<Verdict> {
  const ctx: VerdictContext = {
    required,
    problems: [...run.problems, ...triage.problems],
    shard: run.shard,
    status: run.status,
    triage: triage.records,
  };
  const verdict = computeVerdict(run.entries, ctx);
  const note = verdict.decision === 'INCOMPLETE' ? incompleteNote(verdict, ctx) : undefined;
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'verdict.json'),
    JSON.stringify(
      {
        ...verdict,
        ...(note ? { incomplete: note } : {}),
        shard: run.shard ?? null,
        target: run.target.target,
        base_url: run.target.baseUrl,
        stand_faults: run.target.faults,
        suite_commit: run.target.suiteCommit,
        started_at: run.started_at,
        finished_at: run.finished_at,
        playwright_status: run.status,
      },
      null,
      2,
    ),
  );
  await writeFile(path.join(dir, 'regression-report.md'), regressionReport(run, verdict, note));
  await writeFile(path.join(dir, RESULTS_FILE), JSON.stringify(run, null, 2));
  return verdict;
}

/** Puts verdict.json, regression-report.md and results.json into the Allure results as global attachments. */
export async function attachToAllure(allureDir: string, reportDir: string): Promise<void> {
  await mkdir(allureDir, { recursive: true });
  const attachments = [];
  for (const [name, type, ext] of [
    ['verdict.json', 'application/json', 'json'],
    ['regression-report.md', 'text/markdown', 'md'],
    [RESULTS_FILE, 'application/json', 'json'],
  ]) {
    const source = `${randomUUID()}-attachment.${ext}`;
    await copyFile(path.join(reportDir, name), path.join(allureDir, source));
    attachments.push({ name, source, type, timestamp: Date.now() });
  }
  await writeFile(path.join(allureDir, `${randomUUID()}-globals.json`), JSON.stringify({ attachments, errors: [] }));
}

const priority = (e: Entry) => priorityOf(e.tags) ?? 'P2';
const status = (e?: Entry) =>
  !e || e.ran === false
    ? 'not run'
    : e.outcome === 'expected'
      ? 'passed'
      : e.outcome === 'flaky'
        ? 'flaky'
        : e.outcome === 'skipped'
          ? 'skipped'
          : 'FAILED';

const rowOf = (matrix: MatrixRow[], e: Entry) => matrix.find((r) => r.id === e.id);
const isDefect = (e: Entry) => e.ran !== false && (e.outcome === 'unexpected' || e.outcome === 'flaky');

/** The report's head: decision, target, counts, the run, then its reasons, warnings and triaged defects. */
function summary(run: RunResults, verdict: Verdict, note?: string): string[] {
  const { target } = run;
  return [
    '# kodex-gate regression report',
    '',
    `- Decision: **${verdict.decision}**${note ? ` (${note})` : ''}`,
    `- Target: ${target.target} (${target.baseUrl ?? 'n/a'})${target.faults ? `, stand faults: ${target.faults}` : ''}`,
    `- Tests: ${countLine(verdict)}; @critical ${verdict.critical.passed}/${verdict.critical.total} passed first try, ${verdict.critical.flaky} flaky`,
    `- Run: ${run.started_at} to ${run.finished_at}${run.shard ? `, shard ${run.shard.current}/${run.shard.total}` : ''}`,
    '',
    ...(verdict.reasons.length ? ['## Reasons', ...verdict.reasons.map((r) => `- ${r}`), ''] : []),
    ...(verdict.warnings.length
      ? ['## Warnings (not checked, or found and not blocking)', ...verdict.warnings.map((w) => `- ${w}`), '']
      : []),
    ...(verdict.triaged.length
      ? [
          '## Non-blocking defects (triage records, `triage/non-blocking.json`)',
          ...verdict.triaged.map(
            (r) => `- ${r.priority} ${r.scenario}: ${r.reason} (owner ${r.owner}, ${r.defect}, until ${r.expires})`,
          ),
          '',
        ]
      : []),
  ];
}

/** Every scenario of the matrix, by gate item, with its status in this run. */
function scenarioTable(run: RunResults, matrix: MatrixRow[]): string[] {
  return [
    '## Scenarios by gate item',
    '',
    '| Group | Gate item | ID | Scenario | Status |',
    '|---|---|---|---|---|',
    ...matrix.map(
      (r) =>
        `| ${gateGroup(r.gateItem)} | ${r.gateItem} | ${r.id} | ${r.title} | ${status(run.entries.find((e) => e.id === r.id))} |`,
    ),
    '',
  ];
}

/** Each red or flaky scenario with its first error, run ids and evidence. */
function defectSections(defects: Entry[], matrix: MatrixRow[]): string[] {
  const lines = ['## Defects', ''];
  if (!defects.length) lines.push('None.', '');
  for (const d of defects) {
    lines.push(
      `### ${priority(d)} ${d.id ?? '-'} ${d.title} (${d.outcome === 'flaky' ? 'flaky' : 'failed'})`,
      '',
      `- Scenario: ${d.id ?? 'n/a'}; gate item: ${rowOf(matrix, d)?.gateItem ?? 'n/a'}; suggested priority: ${priority(d)}`,
      `- First failing assertion: ${d.error ?? 'n/a'}`,
      `- run_id: ${d.runIds.length ? d.runIds.join(', ') : 'n/a'}`,
      ...(d.evidence.length
        ? d.evidence.map((p) => `- Trace/evidence: \`${p}\``)
        : ['- Trace/evidence: none recorded']),
      '',
    );
  }
  return lines;
}

/** What the next sprint might pick up: the defects, the skipped scenarios and the warnings. */
function backlog(run: RunResults, verdict: Verdict, defects: Entry[], matrix: MatrixRow[]): string[] {
  const skipped = run.entries.filter((e) => e.ran !== false && e.outcome === 'skipped');
  const items = [
    ...defects.map(
      (d) =>
        `${priority(d)} ${d.id ?? d.title}: ${d.outcome === 'flaky' ? 'flaky, passes only on retry' : 'red'} (${rowOf(matrix, d)?.gateItem ?? 'no gate item'})`,
    ),
    ...skipped.map((s) => `${priority(s)} ${s.id ?? s.title}: skipped, not checked`),
    ...verdict.warnings.map((w) => `to look at: ${w}`),
  ];
  return [
    '## Next sprint (backlog candidates)',
    '',
    ...(items.length ? items.map((b) => `- ${b}`) : ['Nothing red, flaky, skipped or waived.']),
  ];
}

function regressionReport(run: RunResults, verdict: Verdict, note?: string): string {
  const matrix = readMatrix();
  const defects = run.entries.filter(isDefect);
  const lines = [
    ...summary(run, verdict, note),
    ...scenarioTable(run, matrix),
    ...defectSections(defects, matrix),
    ...backlog(run, verdict, defects, matrix),
  ];
  return `${lines.join('\n')}\n`;
}
