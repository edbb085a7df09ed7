import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleProgram } from '../bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The worker program from its bundle (stand/bundle.mjs): a worker process starts without tsx's loader (R5's
 * replacements included). Falls back to the TypeScript entry under tsx when the build fails.
 */
export async function workerEntry(log: (m: string) => void): Promise<{ file: string; execArgv: string[] }> {
  const source = path.join(here, 'main.ts');
  try {
    return { file: await bundleProgram(source, 'worker'), execArgv: [] };
  } catch (err) {
    log(`worker bundle failed, the workers start under tsx: ${(err as Error).message.split('\n')[0]}`);
    return { file: source, execArgv: ['--import', 'tsx'] };
  }
}
