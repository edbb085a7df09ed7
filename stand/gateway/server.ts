import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import { request } from 'undici';
import type pg from 'pg';
import { HEALTH, PATHS } from '../../contract/kodex.js';
import { bundleConsole } from '../console/build.js';
import type { Faults } from '../faults.js';
import { staffAuth } from './auth.js';
import { realtimeRoutes } from './realtime.js';
import { staffRoutes, type StaffDeps } from './staff.js';
import { webhookRoutes } from './webhook.js';

const STATIC_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
};
// Console faults live in the page (the stand's console is the code under test there).
const CONSOLE_FAULTS = [
  'console-admin-guard-off',
  'console-failed-as-succeeded',
  'console-create-project-noop',
] as const;
const KUBE_PATHS = /^\/(api|apis|version|openapi)(\/|$)/;

export interface GatewayDeps extends Omit<StaffDeps, 'pool' | 'faults'> {
  pool: pg.Pool;
  faults: Faults;
  jwtSigningKey: string;
  realtimeMs: number;
  consoleDir: string;
  kubeApi: { url: string; token: string };
  /** Whether the whole stand is up (its suite env written, the staging profile enacted): until then /readyz is 503. */
  standReady?: () => boolean;
}

/** The api-gateway: public webhook ingress, health, staff API behind staff auth, realtime feeds, console. */
export async function buildGateway(deps: GatewayDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
  await app.register(websocket);
  const auth = staffAuth(deps.pool, deps.faults, deps.jwtSigningKey);

  app.addHook('onRequest', async (req, reply) => {
    const url = req.url.split('?')[0];
    if (deps.faults.has('webhook-behind-oauth') && url.startsWith('/api/v1/webhooks/')) {
      return reply.redirect(`${PATHS.oauthStart}?rd=${encodeURIComponent(req.url)}`, 302);
    }
    // A regression that publishes the cluster API through the gateway (security boundary, NO-GO).
    if (
      deps.faults.has('kube-api-public') &&
      KUBE_PATHS.test(url) &&
      !url.startsWith('/api/v1/staff') &&
      !url.startsWith('/api/v1/auth') &&
      !url.startsWith('/api/v1/webhooks')
    ) {
      const res = await request(`${deps.kubeApi.url}${req.url}`, {
        method: 'GET',
        headers: { authorization: `Bearer ${deps.kubeApi.token}` },
      });
      return reply
        .code(res.statusCode)
        .header('content-type', 'application/json')
        .send(await res.body.text());
    }
  });

  app.get(PATHS.healthz, async () => HEALTH.alive);
  app.get(PATHS.readyz, async (_req, reply) => {
    if (deps.standReady && !deps.standReady()) return reply.code(503).send('starting');
    await deps.pool.query('SELECT 1');
    return HEALTH.ready;
  });
  app.get(PATHS.oauthStart, async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><title>Sign in · kodex</title><h1>Sign in with GitHub</h1><p>GitHub OAuth is not available on the local stand.</p>',
      ),
  );

  webhookRoutes(app, { pool: deps.pool, faults: deps.faults, secret: deps.webhookSecret });

  app.register(async (scope) => {
    scope.addHook('onRequest', auth.guard);
    staffRoutes(scope, { ...deps });
    realtimeRoutes(scope, { pool: deps.pool, faults: deps.faults, intervalMs: deps.realtimeMs });
  });

  // Console: the esbuild bundle (cached per source change), and index.html for every other page path.
  const bundleDir = await bundleConsole(deps.consoleDir);
  app.get<{ Params: { '*': string } }>('/console/*', async (req, reply) => {
    const rel = path.normalize(req.params['*']).replace(/^(\.\.[/\\])+/, '');
    try {
      return reply
        .type(STATIC_TYPES[path.extname(rel)] ?? 'application/octet-stream')
        .header('cache-control', 'max-age=3600')
        .send(await readFile(path.join(bundleDir, rel)));
    } catch {
      return reply.code(404).send();
    }
  });
  const page = await readFile(path.join(bundleDir, 'index.html'), 'utf8');
  // Read per page load, so a fault switched at runtime (stand/fault-switch.ts) reaches the next page opened.
  const html = () => {
    const faults = CONSOLE_FAULTS.filter((f) => deps.faults.has(f));
    return page.replace(
      '</head>',
      faults.length ? `<script>window.__standFaults=${JSON.stringify(faults)}</script></head>` : '</head>',
    );
  };
  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url.split('?')[0];
    const isPage =
      req.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/oauth2/') && !path.extname(url);
    if (!isPage) return reply.code(404).send();
    return reply.type('text/html; charset=utf-8').send(html());
  });
  return app;
}
