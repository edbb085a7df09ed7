// postinstall: builds the Kubernetes client's bundle (helpers/clients/kube-package.mjs), and lists the gate once
// (`playwright test --list`), so Playwright's TypeScript transform cache holds every file the gate loads: the first
// run of a fresh clone starts as fast as the next (about 6 s sooner on 2 cores). Its report folder is a temporary
// one, so the checkout's last verdict stays. A failure only says so; the first run then builds or transforms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { buildKubeClientBundle } from '../helpers/clients/kube-package.mjs';

await buildKubeClientBundle().catch((err) =>
  console.log(
    `[kodex-gate] Kubernetes client bundle not built (the global setup builds it): ${err.message.split('\n')[0]}`,
  ),
);

const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const reportDir = mkdtempSync(path.join(os.tmpdir(), 'kodex-gate-warm-'));
try {
  const r = spawnSync(process.execPath, [cli, 'test', '--list'], {
    stdio: 'ignore',
    timeout: 120_000,
    env: { ...process.env, GATE_REPORT_DIR: reportDir },
  });
  if (r.status !== 0)
    console.log(`[kodex-gate] transform cache not warmed (exit ${r.status ?? r.signal}): the first run warms it`);
} finally {
  rmSync(reportDir, { recursive: true, force: true });
}
