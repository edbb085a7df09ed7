// @kubernetes/client-node, unchanged, loaded from one file. The package is about a thousand modules; each goes
// through Playwright's loader hooks in a test worker, about 1.2 CPU-s per process on 2 cores against 0.3 for the
// same code bundled by esbuild. npm ci builds the bundle (scripts/warm-cache.mjs), and the global setup builds it
// again when the installed packages changed; until then, and if a build fails, the package is imported as it is.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Inside node_modules, so the packages the bundle leaves out resolve from the project's own node_modules. */
const CACHE = path.join(ROOT, 'node_modules/.cache/kodex-gate');
const NAME = 'kubernetes-client-node';

/** Keyed by the installed packages, the Node version and this file: any of them changes, the bundle is rebuilt. */
function bundlePath() {
  const hash = createHash('sha256')
    .update(process.version)
    .update(readFileSync(path.join(ROOT, 'package-lock.json')))
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('hex')
    .slice(0, 16);
  return path.join(CACHE, `${NAME}-${hash}.mjs`);
}

/** Builds the bundle unless it is there; returns its path. Bundles of other package states are removed. */
export async function buildKubeClientBundle() {
  const file = bundlePath();
  if (existsSync(file)) return file;
  const { build } = await import('esbuild');
  await mkdir(CACHE, { recursive: true });
  const entry = path.join(CACHE, `${NAME}-entry-${process.pid}.mjs`);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(entry, "export * from '@kubernetes/client-node';\n");
    await build({
      entryPoints: [entry],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Whitespace and syntax only: names stay, so a stack trace through the client still reads.
      minifyWhitespace: true,
      minifySyntax: true,
      // The CommonJS packages inside call require(); an ES module has none of its own.
      banner: {
        js: "import { createRequire as __kubeRequire } from 'node:module'; const require = __kubeRequire(import.meta.url);",
      },
      logLevel: 'silent',
    });
    await rename(tmp, file); // atomic: a worker loading beside this build sees the whole file or none
  } finally {
    await rm(entry, { force: true });
    await rm(tmp, { force: true });
  }
  const built = new RegExp(`^${NAME}-[0-9a-f]{16}\\.mjs$`);
  for (const f of await readdir(CACHE))
    if (built.test(f) && path.join(CACHE, f) !== file) await rm(path.join(CACHE, f), { force: true });
  return file;
}

/** The client from its bundle when one is built for the installed packages (or from `file`), else from the package. */
export async function loadKubeClient(file = bundlePath()) {
  // A bundle removed between the look and the load (npm ci in another shell) loads the package instead.
  if (existsSync(file)) return import(pathToFileURL(file).href).catch(() => import('@kubernetes/client-node'));
  return import('@kubernetes/client-node');
}
