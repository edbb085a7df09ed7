// `npm run stand` and the suite's webServer: the stand (stand/main.ts) from its esbuild bundle (stand/bundle.mjs),
// or under tsx when the bundle cannot be built (the reason is logged).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleProgram } from './bundle.mjs';

const source = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');
let entry;
try {
  entry = await bundleProgram(source, 'stand');
} catch (err) {
  process.stderr.write(`[stand] bundle failed, starting under tsx: ${String(err?.message ?? err).split('\n')[0]}\n`);
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
}
await import(pathToFileURL(entry).href);
