import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Playwright's own Chromium when it is installed, else a system one (Debian's chromium here). */
export function chromiumExecutable(): string | undefined {
  if (process.env.GATE_CHROMIUM_PATH) return process.env.GATE_CHROMIUM_PATH;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // no bundled browser registered
  }
  return SYSTEM_CHROMIUM.find((p) => existsSync(p));
}

/** Flags that keep a root, offline, headless Chromium quiet (no background calls to the outside). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
