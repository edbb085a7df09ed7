import http from 'node:http';
import { PATHS } from '../../contract/kodex.js';

/**
 * The public ingress of a kodex staging: oauth2-proxy in front of the gateway. The webhook path (and the health
 * probes) pass without a session, as kodex's skip-auth routes; every other path asks for a sign-in
 * (302 to /oauth2/start). oauth2-proxy sets X-Auth-Request-* itself, so the same headers sent from outside are
 * dropped: they sign nobody in. It proxies nothing else: the cluster API is not behind it.
 */
const SKIP_AUTH = [PATHS.webhook, '/healthz', '/readyz'];

export async function startPublicIngress(
  gatewayUrl: string,
  host: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(gatewayUrl);
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (!SKIP_AUTH.includes(path)) {
      res.writeHead(302, { location: `/oauth2/start?rd=${encodeURIComponent(req.url ?? '/')}` }).end();
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !name.toLowerCase().startsWith('x-auth-request-')),
    );
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
