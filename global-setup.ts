import { loadGateConfig, runSettings, standAsk } from './helpers/runner/config.js';
import { matchRunningStand } from './helpers/runner/stand-match.js';
import { writeRefusedVerdict } from './helpers/runner/verdict-file.js';

/**
 * Runs once the stand is up (booted by this run or reused): on the local target, the running stand must have
 * the faults and settings this run asked for (helpers/runner/stand-match.ts), or the run stops here with its own
 * NO-GO naming the difference (the reporter has not begun, so an earlier verdict would otherwise stand for it).
 */
export default async function globalSetup(): Promise<void> {
  const cfg = loadGateConfig();
  if (cfg.target !== 'local') return;
  try {
    const did = await matchRunningStand(cfg, standAsk());
    if (did) console.log(`kodex-gate: ${did}`);
  } catch (err) {
    writeRefusedVerdict(runSettings().reportDir, (err as Error).message, cfg.target);
    throw err;
  }
}
