// postinstall: make sure a Chromium exists for the gate. Order: a system Chromium, Playwright's own,
// `playwright install chromium`, Debian's `apt-get install chromium-headless-shell` (as root), else say what to do.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const SYSTEM = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];
const say = (m) => console.log(`[kodex-gate] ${m}`);
const run = (cmd, args) => {
  try {
    execFileSync(cmd, args, { stdio: 'inherit', timeout: 600_000 });
    return true;
  } catch {
    return false;
  }
};

async function bundled() {
  try {
    const { chromium } = await import('@playwright/test');
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

/** Debian's headless shell; the package lists are refreshed only when the first try cannot find it. */
const aptInstall = () =>
  run('apt-get', ['install', '-y', '-q', 'chromium-headless-shell']) ||
  (run('apt-get', ['update', '-q']) && run('apt-get', ['install', '-y', '-q', 'chromium-headless-shell']));

if (process.env.GATE_SKIP_BROWSER_INSTALL) process.exit(0);
async function findOrInstall() {
  const system = SYSTEM.find((p) => existsSync(p));
  if (system) return `browser: ${system}`;
  if (await bundled()) return 'browser: Playwright Chromium';
  if (run('npx', ['playwright', 'install', 'chromium']) && (await bundled()))
    return 'browser: Playwright Chromium (installed)';
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && aptInstall())
    return 'browser: /usr/bin/chromium-headless-shell (apt)';
  return 'no Chromium found. Install one: `npx playwright install chromium`, or on Debian `sudo apt-get install -y chromium-headless-shell` (or `chromium`) (or set GATE_CHROMIUM_PATH).';
}
say(await findOrInstall());
