import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import dotenv from 'dotenv';
import { expect } from '@playwright/test';
import { childEnv, ROOT } from './config.js';
import { stripVTControlCharacters } from 'node:util';

export interface StandHandle {
  env: Record<string, string>;
  output: () => string;
  stop: () => Promise<void>;
}

/** Boots a stand as a child process (own ports, given faults and database) and awaits its READY line. */
export async function bootStand(opts: {
  name: string;
  faults: string[];
  databaseUrl: string;
  timeoutMs?: number;
}): Promise<StandHandle> {
  const dir = path.join(ROOT, '.stand', 'mutation', opts.name);
  await mkdir(dir, { recursive: true });
  const envFile = path.join(dir, 'stand.env');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'stand', 'main.ts')], {
    cwd: ROOT,
    env: childEnv({
      STAND_PORT: '0',
      STAND_FAULTS: opts.faults.join(','),
      STAND_DATABASE_URL: opts.databaseUrl,
      STAND_DATA_DIR: dir,
      STAND_ENV_FILE: envFile,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const stop = () => stopChild(child, `stand "${opts.name}"`);
  try {
    await expect
      .poll(() => out.includes('STAND_READY') || child.exitCode !== null, {
        message: `stand "${opts.name}" prints STAND_READY`,
        timeout: opts.timeoutMs ?? 60_000,
      })
      .toBe(true);
    expect(child.exitCode, `stand "${opts.name}" exited early:\n${out}`).toBeNull();
  } catch (err) {
    await stop();
    throw err;
  }
  return { env: dotenv.parse(readFileSync(envFile)), output: () => out, stop };
}

/** The child's exit code, or a rejection naming the child when it runs past the bound. */
function exitWithin(child: ChildProcess, ms: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child process ${child.pid} still running after ${ms} ms`)), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited within 15 s. */
async function stopChild(child: ChildProcess, what: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await exitWithin(child, 15_000).catch(() => {
    child.kill('SIGKILL');
    process.stderr.write(`${what} ignored SIGTERM for 15 s and was killed\n`);
  });
}

/** What a child gate run reports per scenario: its status, its first error (ANSI-free) and its duration. */
export interface ScenarioResult {
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
export const CHILD_SETTINGS = { GATE_RUN_TIMEOUT_MS: '5000', GATE_EXPECT_TIMEOUT_MS: '5000', workers: 1 } as const;

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
