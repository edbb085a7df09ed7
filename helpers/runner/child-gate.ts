import { spawn } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { childEnv, ROOT } from './config.js';
import { exitWithin, stopChild } from './stand-boot.js';

/** What a child gate run reports per scenario: its status, its first error (ANSI-free) and its duration. */
interface ScenarioResult {
  status: string;
  error?: string;
  durationMs: number;
}
export interface ChildRun {
  ok: boolean;
  byId: Record<string, ScenarioResult>;
  output: string;
}

/**
 * The settings every child gate run uses, healthy control and faulted alike, so a difference in outcome
 * can only come from the fault.
 */
const CHILD_SETTINGS = { GATE_RUN_TIMEOUT_MS: '5000', GATE_EXPECT_TIMEOUT_MS: '5000', workers: 1 } as const;

const stripAnsi = (s: string) => stripVTControlCharacters(s);

/** Runs the gate's own specs in a child Playwright against a given environment; returns each scenario's result. */
export async function runGate(opts: {
  grep: string;
  specs?: string[];
  env: Record<string, string>;
  outputDir: string;
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
  const code = await exitWithin(child, 4 * 60_000).catch(async (err) => {
    await stopChild(child, 'child gate run');
    throw err;
  });
  const byId: Record<string, ScenarioResult> = {};
  try {
    const report = JSON.parse(stdout);
    const walk = (suite: any) => {
      for (const s of suite.suites ?? []) walk(s);
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests) {
          const id = t.annotations?.find((a: any) => a.type === 'scenario')?.description ?? spec.title;
          const first = t.results?.[0];
          const message = first?.errors?.[0]?.message ?? first?.error?.message;
          byId[id] = {
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
