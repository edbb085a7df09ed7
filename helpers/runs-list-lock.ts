import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { runSettings } from './config.js';

/**
 * A lock this gate run's workers share around the moments when the Runs page's first page must show a scenario's
 * own run. kodex lists the 20 newest runs, so N1's 50-run burst, created meanwhile, would push that run off it.
 * It only orders the gate's own traffic; nothing in the platform is locked.
 */
export class RunsListLock {
  private readonly dir = path.join(os.tmpdir(), `${runSettings().runId}.runs-list.lock`);

  constructor(private readonly timeoutMs: number) {}

  /** Runs `fn` while no other scenario of this run holds the Runs list. */
  async during<T>(what: string, fn: () => Promise<T>): Promise<T> {
    await expect
      .poll(() => this.tryTake(what), {
        message: `the Runs list is free for ${what} (another scenario of this run holds it)`,
        timeout: this.timeoutMs,
        intervals: [50, 100, 250],
      })
      .toBe(true);
    try {
      return await fn();
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }

  private async tryTake(what: string): Promise<boolean> {
    try {
      await mkdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      await this.breakIfHolderDied();
      return false;
    }
    await writeFile(path.join(this.dir, 'holder'), `${process.pid} ${what}`);
    return true;
  }

  /** A worker killed while holding the lock must not hold it for ever. */
  private async breakIfHolderDied(): Promise<void> {
    const holder = await readFile(path.join(this.dir, 'holder'), 'utf8').catch(() => '');
    const pid = Number(holder.split(' ')[0]);
    if (!pid) return;
    try {
      process.kill(pid, 0);
    } catch {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
