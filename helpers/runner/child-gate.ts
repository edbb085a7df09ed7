import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { childEnv, ROOT } from './config.js';
import { exitWithin, stopChild } from './stand-boot.js';

/** What a child gate run reports per scenario: red or green, its first error (ANSI-free), when it ran. */
interface ScenarioResult {
  /** `expected` (green), `unexpected` (red, whether or not the plan expected it), `skipped`. */
  status: string;
  error?: string;
  durationMs: number;
  /** When it started, from the child's start. */
  startMs: number;
}
export interface ChildRun {
  ok: boolean;
  /** By scenario ID; in a planned run (GATE_MUTATION_PLAN) by `ID|fault` (the control: `ID|(healthy control)`). */
  byId: Record<string, ScenarioResult>;
  output: string;
  /** The child's wall time. */
  ms: number;
}

/** The annotation a planned child test carries: the fault it ran under, or CONTROL. */
export const FAULT_ANNOTATION = 'mutation-fault';
/** The healthy control's name in plans, keys and the mutation table (same child settings, no fault). */
export const CONTROL = '(healthy control)';
/** In a plan, a repeat with nothing for the scenario: it is skipped there. */
export const NOTHING = '(nothing)';
/** A planned run's results for one fault (or CONTROL), keyed by scenario ID as judge() reads them. */
export const resultsUnder = (run: ChildRun, fault: string): ChildRun => ({
  ...run,
  byId: Object.fromEntries(
    Object.entries(run.byId)
      .filter(([key]) => key.endsWith(`|${fault}`))
      .map(([key, r]) => [key.slice(0, key.lastIndexOf('|')), r]),
  ),
});

/**
 * The mutation check's lanes, side by side: each a stand and one child run, one Playwright worker of the parent each
 * (playwright.config.ts gives a run that asks for the mutation project as many). Measured on 2 cores: 2 lanes 3.5 min,
 * 3 lanes 3.2 min (the cores stay busy while one lane starts a worker or builds a world).
 */
export const MUTATION_LANES = 3;

/**
 * The settings every child gate run uses, healthy control and faulted alike, so a difference in outcome
 * can only come from the fault. A run timeout of 6 s: a healthy run takes about 1 s on the stand (its workers woken by
 * events), and 5 s turned healthy controls red on 2 loaded cores when they polled; the gate's 30 s made faults killed
 * by waiting it out slow. No traces: nobody opens a child's, and recording them costs the 2 cores.
 */
const CHILD_SETTINGS = {
  GATE_RUN_TIMEOUT_MS: '6000',
  GATE_EXPECT_TIMEOUT_MS: '5000',
  workers: 1,
  trace: 'off',
} as const;

/**
 * A longer run timeout than CHILD_SETTINGS' for a scenario whose healthy path a loaded 2-core machine slows past 6 s
 * (fixtures/fault-plan.ts sets it for the scenario's tests, control and faults alike): N1 starts a Job for each of its
 * 16 runs at once; C1 and U1 watch a run's status on console pages; R5 waits for a held run to be reclaimed after its
 * worker's heartbeat expires (2 s). Only R5's and C1's faults wait it out, so only they take longer for it.
 */
export const RUN_TIMEOUT_MS_OF: Record<string, number> = { N1: 10_000, C1: 8_000, U1: 8_000, R5: 8_000 };

const stripAnsi = (s: string) => stripVTControlCharacters(s);

/**
 * Runs the gate's own specs in a child Playwright against a given environment; returns each scenario's result.
 * Its JSON report goes to `child-report.json` and its progress (the list reporter) to `child-output.txt` in
 * `outputDir`, kept even when it overruns.
 */
export async function runGate(opts: {
  grep: string;
  specs?: string[];
  env: Record<string, string>;
  outputDir: string;
  /** Each test this many times (a mutation plan's repeats: the control, then one fault per repeat). */
  repeatEach?: number;
  /** How long it may take (default 8 min). */
  timeoutMs?: number;
}): Promise<ChildRun> {
  const { workers, trace, ...timeouts } = CHILD_SETTINGS;
  const started = Date.now();
  const reportFile = path.join(opts.outputDir, 'child-report.json');
  // Only the named spec files are loaded; the child's teardown writes into its own folder, not the parent's report.
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
      'test',
      '--project=gate',
      ...(opts.specs ?? []),
      `--grep=${opts.grep}`,
      '--retries=0',
      `--repeat-each=${opts.repeatEach ?? 1}`,
      `--workers=${workers}`,
      `--trace=${trace}`,
      '--reporter=list,json',
      `--output=${opts.outputDir}`,
    ],
    {
      cwd: ROOT,
      env: childEnv({
        ...opts.env,
        ...timeouts,
        GATE_REPORT_DIR: path.join(opts.outputDir, 'gate-report'),
        CI: '',
        FORCE_COLOR: '0',
        PLAYWRIGHT_JSON_OUTPUT_NAME: '',
        PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const keep = () => {
    mkdirSync(opts.outputDir, { recursive: true });
    writeFileSync(path.join(opts.outputDir, 'child-output.txt'), output);
  };
  const code = await exitWithin(child, opts.timeoutMs ?? 8 * 60_000).catch(async (err) => {
    await stopChild(child, 'child gate run');
    keep();
    throw new Error(`${(err as Error).message}; its progress:\n${output.slice(-6000)}`);
  });
  keep();
  const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
  const byId = resultsOf(report, started, !!opts.repeatEach);
  return { ok: code === 0, byId, output: output.slice(-8000), ms: Date.now() - started };
}

/**
 * Each test's result in a child's JSON report. Red is what the test did, not what Playwright made of it: a planned
 * fault's test is expected to fail (fixtures/fault-plan.ts), so its worker lives on, and still counts as red here.
 */
function resultsOf(report: string, started: number, planned: boolean): Record<string, ScenarioResult> {
  const byId: Record<string, ScenarioResult> = {};
  const walk = (suite: any) => {
    for (const s of suite.suites ?? []) walk(s);
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const first = t.results?.[0];
        const notes = [...(t.annotations ?? []), ...(first?.annotations ?? [])];
        const id = notes.find((a: any) => a.type === 'scenario')?.description ?? spec.title;
        const fault = notes.find((a: any) => a.type === FAULT_ANNOTATION)?.description;
        if (t.status === 'skipped' && planned) continue; // a repeat the plan has nothing for
        const message = first?.errors?.[0]?.message ?? first?.error?.message;
        const red = ['failed', 'timedOut', 'interrupted'].includes(first?.status);
        byId[fault ? `${id}|${fault}` : id] = {
          status: t.status === 'skipped' ? 'skipped' : red ? 'unexpected' : 'expected',
          error: message ? stripAnsi(message) : undefined,
          durationMs: first?.duration ?? 0,
          startMs: first?.startTime ? Date.parse(first.startTime) - started : 0,
        };
      }
    }
  };
  try {
    walk(JSON.parse(report));
  } catch {
    // not JSON: the run itself broke; the caller reports the output
  }
  return byId;
}
