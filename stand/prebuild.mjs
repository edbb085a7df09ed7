// postinstall: builds the stand's two programs (stand/bundle.mjs) and its console (console/build.ts), so the first
// stand after `npm ci` starts from them instead of building first (about 3 s on 2 cores). A failure only says so:
// the stand builds, or falls back, at start.
import { fileURLToPath } from 'node:url';
import { bundleProgram } from './bundle.mjs';

const say = (m) => console.log(`[kodex-gate] ${m}`);
const here = (p) => fileURLToPath(new URL(p, import.meta.url));

for (const [source, name] of [
  ['./main.ts', 'stand'],
  ['./worker/main.ts', 'worker'],
]) {
  try {
    await bundleProgram(here(source), name);
  } catch (err) {
    say(`stand ${name} bundle not prebuilt (built at start instead): ${err.message.split('\n')[0]}`);
  }
}
try {
  const { tsImport } = await import('tsx/esm/api');
  const { bundleConsole } = await tsImport('./console/build.ts', import.meta.url);
  await bundleConsole(here('./console'));
} catch (err) {
  say(`stand console not prebuilt (built at start instead): ${err.message.split('\n')[0]}`);
}
