import { loadGateConfig, standAsk } from './helpers/runner/config.js';
import { matchRunningStand } from './helpers/runner/stand-match.js';

/**
 * Runs once the stand is up (booted by this run or reused): on the local target, the running stand must have
 * the faults and settings this run asked for (helpers/runner/stand-match.ts), or the run stops here.
 */
export default async function globalSetup(): Promise<void> {
  const cfg = loadGateConfig();
  if (cfg.target !== 'local') return;
  const did = await matchRunningStand(cfg, standAsk());
  if (did) console.log(`kodex-gate: ${did}`);
}
