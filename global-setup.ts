import { loadGateConfig, runSettings, standAsk } from './helpers/runner/config.js';
import { matchRunningStand } from './helpers/checks/stand-match.js';
import { writeRefusedVerdict } from './helpers/runner/verdict-file.js';
import { buildKubeClientBundle } from './helpers/clients/kube-package.mjs';

/**
 * Builds the Kubernetes client's bundle when it is missing (helpers/clients/kube-package.mjs). Then, on the local
 * target, a running stand this run did not boot (reused) must have the faults and settings this run asked for
 * (helpers/checks/stand-match.ts), or the run stops here with its own NO-GO naming the difference (the reporter has
 * not begun, so an earlier verdict would otherwise stand for it).
 */
export default async function globalSetup(): Promise<void> {
  // Once, before any worker starts, when the installed packages changed since npm ci built it.
  await buildKubeClientBundle().catch((err: Error) =>
    console.log(`kodex-gate: the Kubernetes client loads unbundled (${err.message.split('\n')[0]})`),
  );
  // A stand this run's webServer started is still booting, with the faults and settings this run asked for.
  if (runSettings().standPid) return;
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
