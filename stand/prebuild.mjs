// postinstall: builds the stand's two programs (stand/bundle.mjs), so the first stand after `npm ci` starts
// from them instead of building first (about 2 s). A failure only says so: the stand builds, or falls back, at start.
import { fileURLToPath } from 'node:url';
import { bundleProgram } from './bundle.mjs';

for (const [source, name] of [
  ['./main.ts', 'stand'],
  ['./worker/main.ts', 'worker'],
]) {
  try {
    await bundleProgram(fileURLToPath(new URL(source, import.meta.url)), name);
  } catch (err) {
    console.log(
      `[kodex-gate] stand ${name} bundle not prebuilt (built at start instead): ${err.message.split('\n')[0]}`,
    );
  }
}
