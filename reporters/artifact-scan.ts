import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { scanArtifacts } from '../helpers/checks/secrets.js';

/**
 * Scans the run's artifact folders for known secrets. A canary planted as plain text, inside a zip and
 * base64-encoded proves the scan finds each form; a missed canary is itself a problem.
 * Returns one problem line per artifact holding a secret (never the secret itself).
 */
export async function scanForSecrets(
  dirs: string[],
  secrets: string[],
  canaryDir: string,
  root: string,
): Promise<string[]> {
  const canary = `kodex-gate-canary-${Math.random().toString(36).slice(2)}${Date.now()}`;
  await mkdir(canaryDir, { recursive: true });
  const planted = {
    plain: path.join(canaryDir, 'plain.txt'),
    zip: path.join(canaryDir, 'planted.zip'),
    base64: path.join(canaryDir, 'base64.json'),
  };
  await writeFile(planted.plain, `planted secret: ${canary}\n`);
  const zip = new AdmZip();
  zip.addFile('trace.network', Buffer.from(`{"cookie":"${canary}"}`));
  zip.writeZip(planted.zip);
  await writeFile(planted.base64, JSON.stringify({ body: Buffer.from(`x=${canary}`).toString('base64') }));
  const hits = await scanArtifacts([...dirs, canaryDir], [...secrets, canary]).finally(() =>
    rm(canaryDir, { recursive: true, force: true }),
  );
  const canaryIndex = secrets.length;
  const missed = Object.entries(planted).filter(
    ([, file]) => !hits.some((h) => h.secretIndex === canaryIndex && h.file === file),
  );
  if (missed.length)
    return [
      `the secret scanner missed its planted canary (${missed.map(([form]) => form).join(', ')}): scanner broken`,
    ];
  const found = hits
    .filter((h) => h.secretIndex !== canaryIndex)
    .map((h) => `${path.relative(root, h.file)} (secret #${h.secretIndex + 1})`);
  return found.length ? [`secrets found in artifacts: ${found.join(', ')}`] : [];
}
