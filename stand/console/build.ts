// Bundles the stand's console (Vue 3 + Vuetify 3 + vue-router 4, like kodex's) with esbuild, once per
// source change: the bundle is cached under .stand/console-bundle/<hash>/ and reused at the next boot.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourceFiles(p)));
    else out.push(p);
  }
  return out.sort();
}

/**
 * Returns the folder holding index.html, main.js, main.css and the icon fonts. The cache lives in the checkout's
 * `.stand/console-bundle/`, whoever builds it (the gateway, `npm ci`'s prebuild, the console tests).
 */
export async function bundleConsole(consoleDir: string): Promise<string> {
  const cacheRoot = path.resolve(consoleDir, '../../.stand/console-bundle');
  const srcDir = path.join(consoleDir, 'src');
  const contract = path.resolve(consoleDir, '../../contract/kodex.ts');
  const hash = createHash('sha256');
  for (const f of [
    ...(await sourceFiles(srcDir)),
    contract,
    path.join(consoleDir, 'index.html'),
    path.join(consoleDir, 'app.css'),
  ]) {
    hash.update(f).update(await readFile(f));
  }
  for (const pkg of ['vue', 'vuetify', 'vue-router', '@mdi/font']) hash.update(require(`${pkg}/package.json`).version);
  const outDir = path.join(cacheRoot, hash.digest('hex').slice(0, 16));
  if (existsSync(path.join(outDir, 'main.js'))) return outDir;

  const tmp = `${outDir}.tmp-${process.pid}`;
  await mkdir(tmp, { recursive: true });
  await build({
    entryPoints: [path.join(srcDir, 'main.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    outdir: tmp,
    logLevel: 'error',
    // Templates are strings, compiled in the browser: the full Vue build carries the compiler.
    alias: { vue: require.resolve('vue/dist/vue.esm-bundler.js') },
    define: {
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      'process.env.NODE_ENV': '"production"',
    },
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file' },
    assetNames: '[name]-[hash]',
  });
  for (const f of ['index.html', 'app.css']) await copyFile(path.join(consoleDir, f), path.join(tmp, f));
  try {
    await rename(tmp, outDir);
  } catch {
    await rm(tmp, { recursive: true, force: true }); // another stand finished the same bundle first
  }
  await stat(path.join(outDir, 'main.js'));
  return outDir;
}
