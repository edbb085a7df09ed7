import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes the suite's environment (mode 600: it holds the boot's secrets) as KEY=value lines. */
export async function writeSuiteEnv(file: string, env: Record<string, string | undefined>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const lines = Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  await writeFile(file, lines.join('\n') + '\n', { mode: 0o600 });
}
