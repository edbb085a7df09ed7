// Serves a built console (a dist folder) in front of an upstream kodex API, for validating the page objects
// against a console build: static files with an index.html fallback; /api, /healthz, /readyz, /oauth2 and
// WebSocket upgrades go to the upstream as they are (headers included, so header auth reaches it).
//   npx tsx scripts/serve-console.ts <dist-folder> <upstream-url> [port]
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

const [dist, upstreamArg, portArg] = process.argv.slice(2);
if (!dist || !upstreamArg) {
  console.error('usage: tsx scripts/serve-console.ts <dist-folder> <upstream-url> [port]');
  process.exit(2);
}
const root = path.resolve(dist);
const upstream = new URL(upstreamArg);
// /__stand/: the suite's global setup asks a stand it targets what it was booted with (helpers/checks/stand-match.ts).
const PASSED = /^\/(api|oauth2|__stand)\/|^\/(healthz|readyz)$/;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function proxy(req: http.IncomingMessage, res: http.ServerResponse) {
  const out = http.request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, host: upstream.host },
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  out.on('error', (err) => {
    res.writeHead(502).end(`upstream: ${err.message}`);
  });
  req.pipe(out);
}

async function serveFile(url: string, res: http.ServerResponse) {
  const rel = path.normalize(decodeURIComponent(url.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  let file = path.join(root, rel);
  const found = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!found) {
    if (path.extname(rel)) return res.writeHead(404).end();
    file = path.join(root, 'index.html'); // a page path: the SPA decides
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

const server = http.createServer((req, res) => {
  if (PASSED.test((req.url ?? '/').split('?')[0])) return proxy(req, res);
  void serveFile(req.url ?? '/', res);
});

// WebSocket upgrades: replay the request head to the upstream and splice the two sockets.
server.on('upgrade', (req, socket, head) => {
  const up = net.connect(Number(upstream.port), upstream.hostname, () => {
    const headers = Object.entries({ ...req.headers, host: upstream.host })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    up.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
    if (head.length) up.write(head);
    up.pipe(socket);
    socket.pipe(up);
  });
  const close = () => {
    up.destroy();
    socket.destroy();
  };
  up.on('error', close);
  socket.on('error', close);
});

server.listen(Number(portArg ?? 4899), '127.0.0.1', () =>
  console.log(`console ${root} on http://127.0.0.1:${Number(portArg ?? 4899)} -> ${upstream.origin}`),
);
