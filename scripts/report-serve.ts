/**
 * `npm run report:serve`: serves allure-report/ on 127.0.0.1 (default port 9325, `-- <port>` to change), so that
 * "Open Playwright Trace" works: Playwright's trace viewer, shipped in allure-report/trace-viewer/, needs http.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { ROOT } from '../helpers/runner/config.js';

const dir = path.join(ROOT, 'allure-report');
const port = Number(process.argv[2] ?? 9325);
if (!existsSync(path.join(dir, 'index.html'))) {
  console.error('allure-report/index.html is missing: run `npm run report` first');
  process.exit(2);
}
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
};
createServer((req, res) => {
  const file = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  const target = file.endsWith(path.sep) ? path.join(file, 'index.html') : file;
  if (!target.startsWith(dir) || !existsSync(target) || !statSync(target).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream' });
  createReadStream(target).pipe(res);
}).listen(port, '127.0.0.1', () => console.log(`the report: http://127.0.0.1:${port}/ (Ctrl-C stops)`));
