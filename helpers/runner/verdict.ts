import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { runSettings } from './config.js';
import { triageValid, type TriageRecord } from './triage.js';

/** One test's outcome as the gate sees it. */
export interface Outcome {
  id?: string;
  title: string;
  tags: string[];
  /** expected | unexpected | flaky | skipped (Playwright's test outcome). */
  outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  /** False when the test never started (filtered out of a shard, interrupted, stopped by max failures). */
  ran?: boolean;
  error?: string;
  /** Checks the test recorded as not done, with why (e.g. a boundary waiver). */
  warnings?: string[];
}
type Decision = 'GO' | 'NO-GO' | 'INCOMPLETE';
export interface Verdict {
  decision: Decision;
  reasons: string[];
  /** @critical scenarios of regression-matrix.md this run did not run. */
  not_run: string[];
  warnings: string[];
  /** Red P1 scenarios a valid triage record made non-blocking, with the record. */
  triaged: (TriageRecord & { priority: Priority })[];
  counts: { passed: number; failed: number; skipped: number; flaky: number };
  critical: { total: number; passed: number; failed: number; flaky: number; skipped: number };
}
/** What the verdict needs besides the tests' outcomes. */
export interface VerdictContext {
  /** Scenario IDs that must run and pass first try for a GO (the @critical rows of the matrix). */
  required: string[];
  /** Problems outside the tests: reporter, teardown and cleanup errors, leaks, secrets in artifacts. */
  problems?: string[];
  /** Set when this run is one shard of several: it alone can never say GO. */
  shard?: { current: number; total: number } | null;
  /** Playwright's own status: interrupted or timed-out runs are incomplete. */
  status?: string;
  /** Triage records of the repository (triage/non-blocking.json). */
  triage?: TriageRecord[];
  /** The day expiry is judged on (default: now). */
  now?: Date;
}

/**
 * A scenario's priority: P1 for the upstream P1 items (`@p1`, in the go/no-go set too) and the data and NFR
 * checks outside `@critical`; P0 for the rest of `@critical`. Tests of no gate scenario have none.
 */
export type Priority = 'P0' | 'P1';
export function priorityOf(tags: string[]): Priority | undefined {
  if (tags.includes('@p1')) return 'P1';
  if (tags.includes('@critical')) return 'P0';
  if (tags.includes('@data') || tags.includes('@nfr')) return 'P1';
  return undefined;
}

const SECURITY_BOUNDARY = ['W1', 'B1'];

/** The GO rule in words, as the report, the check run and the docs state it (computeVerdict implements it). */
export const GO_RULE =
  'GO only when every @critical scenario of regression-matrix.md (every upstream P0 and P1 item and the security ' +
  'boundary) ran and passed on its first try, no blocking P0/P1 defect is open, and nothing else went wrong (no leak, ' +
  'secret in an artifact, reporter, teardown or cleanup error). Every red P0 or P1 scenario is a blocking defect unless ' +
  'a triage record (triage/non-blocking.json) marks a P1 non-blocking until its expiry; a P0 must pass. A flaky or ' +
  'skipped @critical, or a security-boundary regression, is NO-GO; a run that left a @critical out (filtered, ' +
  'sharded, interrupted) is INCOMPLETE.';

/**
 * The epic's rule: GO only when every go/no-go (@critical) scenario of the matrix ran and passed on its first
 * try, no blocking P0/P1 defect is open, and nothing else went wrong. Every red P0 or P1 scenario is a blocking
 * defect; a valid triage record makes a red P1 non-blocking (listed in `triaged`), never a P0 (upstream: every
 * P0 green). A flaky or skipped @critical, a security-boundary failure or a problem outside the tests is NO-GO;
 * a run that left a @critical out (filtered, sharded, interrupted) is INCOMPLETE.
 */
export function computeVerdict(outcomes: Outcome[], ctx: VerdictContext): Verdict {
  const count = (list: Outcome[], o: Outcome['outcome']) =>
    list.filter((t) => t.outcome === o && t.ran !== false).length;
  const critical = outcomes.filter((t) => t.tags.includes('@critical') && t.ran !== false);
  const reasons = [...(ctx.problems ?? [])];
  const triaged: Verdict['triaged'] = [];
  for (const t of outcomes.filter((o) => o.outcome === 'unexpected' && o.ran !== false)) {
    const priority = priorityOf(t.tags);
    if (!priority) continue;
    const name = t.id ?? t.title;
    const record = ctx.triage?.find((r) => r.scenario === t.id);
    const failed = (why: string) => `${name} failed (${why})${t.error ? `: ${t.error}` : ''}`;
    if (!record) reasons.push(failed(`blocking ${priority} defect, no triage record`));
    else if (priority === 'P0')
      reasons.push(failed(`a P0 must pass; its triage record ${record.defect} cannot make it non-blocking`));
    else if (!triageValid(record, ctx.now ?? new Date()))
      reasons.push(failed(`blocking P1 defect, its triage record ${record.defect} expired on ${record.expires}`));
    else triaged.push({ ...record, priority });
  }
  for (const t of critical) {
    if (t.outcome === 'flaky')
      reasons.push(`${t.id ?? t.title} passed only on retry (flaky): a go/no-go scenario must pass on its first try`);
    if (t.outcome === 'skipped') reasons.push(`${t.id ?? t.title} was skipped: the gate cannot vouch for it`);
  }
  const boundary = outcomes.filter((t) => t.id && SECURITY_BOUNDARY.includes(t.id) && t.outcome === 'unexpected');
  if (boundary.length)
    reasons.unshift(`security boundary regressed (${boundary.map((t) => t.id).join(', ')}): automatic NO-GO`);
  if (!ctx.required.length) reasons.push('regression-matrix.md lists no @critical scenario');
  const ran = new Set(critical.map((t) => t.id));
  const notRun = ctx.required.filter((id) => !ran.has(id));
  const incomplete = notRun.length > 0 || !!ctx.shard || ctx.status === 'interrupted' || ctx.status === 'timedout';
  return {
    decision: reasons.length ? 'NO-GO' : incomplete ? 'INCOMPLETE' : 'GO',
    reasons,
    not_run: notRun,
    warnings: outcomes.flatMap((t) => (t.warnings ?? []).map((w) => `${t.id ?? t.title}: ${w}`)),
    triaged,
    counts: {
      passed: count(outcomes, 'expected') + count(outcomes, 'flaky'),
      failed: count(outcomes, 'unexpected'),
      skipped: count(outcomes, 'skipped'),
      flaky: count(outcomes, 'flaky'),
    },
    critical: {
      total: critical.length,
      passed: count(critical, 'expected'),
      failed: count(critical, 'unexpected'),
      flaky: count(critical, 'flaky'),
      skipped: count(critical, 'skipped'),
    },
  };
}

/** Why an INCOMPLETE run is not a verdict, in one line. */
export function incompleteNote(v: Verdict, ctx: VerdictContext): string {
  const parts = [];
  if (ctx.shard) parts.push(`shard ${ctx.shard.current}/${ctx.shard.total} (merge all shards: npm run merge)`);
  if (ctx.status === 'interrupted' || ctx.status === 'timedout') parts.push(`the run was ${ctx.status}`);
  if (v.not_run.length) parts.push(`not run: ${v.not_run.join(', ')}`);
  return parts.join('; ');
}

export const countLine = (v: Verdict) =>
  `${v.counts.passed} passed, ${v.counts.failed} failed${v.counts.skipped ? `, ${v.counts.skipped} skipped` : ''}`;

/**
 * The hook for code outside a test (worker fixtures such as the world's cleanup, global teardown) to make
 * the run NO-GO with a reason: one line per problem in <report dir>/problems.log, read by the gate reporter.
 */
export const PROBLEMS_FILE = 'problems.log';
/** A message as one line of a verdict: its line breaks, and the indentation around them, become one space. */
export const oneLine = (message: string) => message.replace(/\s*\n\s*/g, ' ');
export function reportRunProblem(message: string): void {
  const dir = runSettings().reportDir;
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, PROBLEMS_FILE), `${oneLine(stripVTControlCharacters(message))}\n`);
}
