import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { childEnv, ROOT } from './config.js';
import { exitWithin, stopChild } from './stand-boot.js';

/** What a child gate run reports per scenario: its status, its first error (ANSI-free) and its duration. */
export interface ScenarioResult {
  status: string;
  error?: string;
  durationMs: number;
}
export interface ChildRun {
  ok: boolean;
  /** By scenario ID; in a planned run (GATE_MUTATION_PLAN) by `ID|fault` (the control: `ID|(healthy control)`). */
  byId: Record<string, ScenarioResult>;
  output: string;
}

/** The annotation a planned child test carries: the fault it ran under, or CONTROL. */
export const FAULT_ANNOTATION = 'mutation-fault';
/** The healthy control's name in plans, keys and the mutation table (same child settings, no fault). */
export const CONTROL = '(healthy control)';
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
 * The settings every child gate run uses, healthy control and faulted alike, so a difference in outcome
 * can only come from the fault.
 */
export const CHILD_SETTINGS = { GATE_RUN_TIMEOUT_MS: '5000', GATE_EXPECT_TIMEOUT_MS: '5000', workers: 1 } as const;

const stripAnsi = (s: string) => stripVTControlCharacters(s);

/** Runs the gate's own specs in a child Playwright against a given environment; returns each scenario's result. */
export async function runGate(opts: {
  grep: string;
  specs?: string[];
  env: Record<string, string>;
  outputDir: string;
  /** Each test this many times (a mutation plan's repeats: the control, then one fault per repeat). */
  repeatEach?: number;
}): Promise<ChildRun> {
  const { workers, ...timeouts } = CHILD_SETTINGS;
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
      '--reporter=json',
      `--output=${opts.outputDir}`,
    ],
    {
      cwd: ROOT,
      env: childEnv({
        ...opts.env,
        ...timeouts,
        GATE_REPORT_DIR: path.join(opts.outputDir, 'gate-report'),
        CI: '',
        PLAYWRIGHT_JSON_OUTPUT_NAME: '',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const code = await exitWithin(child, 8 * 60_000).catch(async (err) => {
    await stopChild(child, 'child gate run');
    throw err;
  });
  mkdirSync(opts.outputDir, { recursive: true });
  writeFileSync(path.join(opts.outputDir, 'child-report.json'), stdout);
  const byId: Record<string, ScenarioResult> = {};
  try {
    const report = JSON.parse(stdout);
    const walk = (suite: any) => {
      for (const s of suite.suites ?? []) walk(s);
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests) {
          const first = t.results?.[0];
          const notes = [...(t.annotations ?? []), ...(first?.annotations ?? [])];
          const id = notes.find((a: any) => a.type === 'scenario')?.description ?? spec.title;
          const fault = notes.find((a: any) => a.type === FAULT_ANNOTATION)?.description;
          if (t.status === 'skipped' && opts.repeatEach) continue; // a repeat the plan has nothing for
          const message = first?.errors?.[0]?.message ?? first?.error?.message;
          byId[fault ? `${id}|${fault}` : id] = {
            status: t.status,
            error: message ? stripAnsi(message) : undefined,
            durationMs: first?.duration ?? 0,
          };
        }
      }
    };
    walk(report);
  } catch {
    // not JSON: the run itself broke; the caller reports the output
  }
  return { ok: code === 0, byId, output: `${stderr}\n${stdout.slice(0, 4000)}` };
}
