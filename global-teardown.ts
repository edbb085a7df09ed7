import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadGateConfig, ROOT } from './helpers/config.js';
import { findLeaks } from './helpers/leaks.js';

export const LEAKS_FILE = path.resolve(ROOT, process.env.GATE_REPORT_DIR ?? 'gate-report', 'leaks.json');

/**
 * The leak check, after every worker has cleaned up and while the target (or the booted stand) is still
 * up; the gate reporter turns what it finds into a failing reason.
 */
export default async function globalTeardown(): Promise<void> {
  let leaks: string[];
  try {
    const cfg = loadGateConfig();
    leaks = cfg.target === 'production' ? [] : await findLeaks(cfg, process.env.GATE_RUN_ID ?? 'kodex-gate-adhoc');
  } catch (err) {
    leaks = [`the leak check could not run: ${(err as Error).message.split('\n')[0]}`];
  }
  await mkdir(path.dirname(LEAKS_FILE), { recursive: true });
  await writeFile(LEAKS_FILE, JSON.stringify(leaks));
}
