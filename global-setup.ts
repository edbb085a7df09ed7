import { rm } from 'node:fs/promises';
import { loadGateConfig, runSettings, standAsk } from './helpers/runner/config.js';
import { matchRunningStand } from './helpers/runner/stand-match.js';

/**
 * Runs once the stand is up (booted by this run or reused): on the local target, the running stand must have
 * the faults and settings this run asked for (helpers/runner/stand-match.ts), or the run stops here. A refused
 * run leaves no verdict: the reporter has not begun, so the last run's verdict would otherwise stand for it.
 */
export default async function globalSetup(): Promise<void> {
  const cfg = loadGateConfig();
  if (cfg.target !== 'local') return;
  try {
    const did = await matchRunningStand(cfg, standAsk());
    if (did) console.log(`kodex-gate: ${did}`);
  } catch (err) {
    await rm(runSettings().reportDir, { recursive: true, force: true });
    throw err;
  }
}
