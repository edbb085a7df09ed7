import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes the suite's environment (mode 600: it holds the boot's secrets) as KEY=value lines, whole or not at all:
 * the suite takes the file's appearance for the stand's readiness.
 */
export async function writeSuiteEnv(file: string, env: Record<string, string | undefined>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const lines = Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, lines.join('\n') + '\n', { mode: 0o600 });
  await rename(tmp, file);
}
