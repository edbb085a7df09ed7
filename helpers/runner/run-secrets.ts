import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSettings } from './config.js';

/**
 * Secrets made during the run (minted staff JWTs) are not in the configuration: workers note them in a
 * private file outside every artifact folder, and the gate reporter adds them to its scan, then removes it.
 */
const runtimeFile = () => path.join(os.tmpdir(), `${runSettings().runId}.secrets`);
export function registerRuntimeSecret(value: string): void {
  appendFileSync(runtimeFile(), `${value}\n`, { mode: 0o600 });
}
export function runtimeSecrets(): string[] {
  return existsSync(runtimeFile()) ? readFileSync(runtimeFile(), 'utf8').split('\n').filter(Boolean) : [];
}
export function clearRuntimeSecrets(): void {
  rmSync(runtimeFile(), { force: true });
}
