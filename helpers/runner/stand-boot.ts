import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import dotenv from 'dotenv';
import { expect } from '@playwright/test';
import { childEnv, ROOT, runSettings, standEnvFile } from './config.js';

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
  /** Starts it with the runtime fault switch on (STAND_FAULT_SWITCH=1; its token lands in env). */
  faultSwitch?: boolean;
  timeoutMs?: number;
}): Promise<StandHandle> {
  const dir = path.join(ROOT, '.stand', 'mutation', opts.name);
  await mkdir(dir, { recursive: true });
  const envFile = path.join(dir, 'stand.env');
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'stand', 'start.mjs')], {
    cwd: ROOT,
    env: childEnv({
      STAND_PORT: '0',
      STAND_FAULTS: opts.faults.join(','),
      STAND_DATABASE_URL: opts.databaseUrl,
      STAND_DATA_DIR: dir,
      STAND_ENV_FILE: envFile,
      STAND_FAULT_SWITCH: opts.faultSwitch ? '1' : '',
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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Waits until the stand this run's webServer started is ready; returns at once when the run started none. The
 * webServer hands the run on when the stand process starts (STAND_STARTING), so the stand boots while the tests
 * are collected and the workers start; whatever needs the stand waits here first. Its env file, written last,
 * says it is ready. A stand that exits while booting fails the wait at once.
 */
export async function standBooted(timeoutMs = 120_000): Promise<void> {
  const pid = runSettings().standPid;
  if (!pid) return;
  // Read each time: the runner loads .env (which may name STAND_DATA_DIR or STAND_PROFILE) after its imports.
  const state = () => (existsSync(standEnvFile()) ? 'ready' : alive(pid) ? 'booting' : 'exited');
  if (state() === 'ready') return; // no step in the test's report when there was nothing to wait for
  await expect
    .poll(state, {
      message: `the local stand (pid ${pid}) boots until it writes ${standEnvFile()}`,
      timeout: timeoutMs,
      intervals: [25, 50],
    })
    .not.toBe('booting');
  if (state() !== 'ready')
    throw new Error(`the local stand (pid ${pid}) exited while booting: its [WebServer] lines above say why`);
}

/** The child's exit code, or a rejection naming the child when it runs past the bound. */
export function exitWithin(child: ChildProcess, ms: number): Promise<number | null> {
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
export async function stopChild(child: ChildProcess, what: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await exitWithin(child, 15_000).catch(() => {
    child.kill('SIGKILL');
    process.stderr.write(`${what} ignored SIGTERM for 15 s and was killed\n`);
  });
}
