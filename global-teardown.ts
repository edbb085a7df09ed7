import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadGateConfig, runSettings } from './helpers/runner/config.js';
import { findLeaks } from './helpers/checks/leaks.js';
import { LEAKS_FILE_NAME } from './reporters/leak-reading.js';

/**
 * The leak check, after every worker has cleaned up and while the target (or the booted stand) is still
 * up; the gate reporter turns what it finds into a failing reason.
 */
export default async function globalTeardown(): Promise<void> {
  const { reportDir, runId } = runSettings();
  let leaks: string[];
  try {
    const cfg = loadGateConfig();
    leaks = cfg.target === 'production' ? [] : await findLeaks(cfg, runId);
  } catch (err) {
    leaks = [`the leak check could not run: ${(err as Error).message.split('\n')[0]}`];
  }
  await mkdir(reportDir, { recursive: true });
  await writeFile(path.join(reportDir, LEAKS_FILE_NAME), JSON.stringify(leaks));
}
