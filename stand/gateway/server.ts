import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import { request } from 'undici';
import type pg from 'pg';
import { HEALTH, PATHS } from '../../contract/kodex.js';
import type { Faults } from '../faults.js';
import { staffAuth } from './auth.js';
import { realtimeRoutes } from './realtime.js';
import { staffRoutes, type StaffDeps } from './staff.js';
import { webhookRoutes } from './webhook.js';

const require = createRequire(import.meta.url);
const VENDOR: Record<string, string> = { 'vue.js': require.resolve('vue/dist/vue.esm-browser.prod.js') };
const STATIC_TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml' };
const KUBE_PATHS = /^\/(api|apis|version|openapi)(\/|$)/;

export interface GatewayDeps extends Omit<StaffDeps, 'pool' | 'faults'> {
  pool: pg.Pool;
  faults: Faults;
  jwtSigningKey: string;
  realtimeMs: number;
  consoleDir: string;
  kubeApi: { url: string; token: string };
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
    if (deps.faults.has('kube-api-public') && KUBE_PATHS.test(url) && !url.startsWith('/api/v1/staff') && !url.startsWith('/api/v1/auth') && !url.startsWith('/api/v1/webhooks')) {
      const res = await request(`${deps.kubeApi.url}${req.url}`, { method: 'GET', headers: { authorization: `Bearer ${deps.kubeApi.token}` } });
      return reply.code(res.statusCode).header('content-type', 'application/json').send(await res.body.text());
    }
  });

  app.get(PATHS.healthz, async () => HEALTH.alive);
  app.get(PATHS.readyz, async () => {
    await deps.pool.query('SELECT 1');
    return HEALTH.ready;
  });
  app.get(PATHS.oauthStart, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send('<!doctype html><title>Sign in · kodex</title><h1>Sign in with GitHub</h1><p>GitHub OAuth is not available on the local stand.</p>'));

  webhookRoutes(app, { pool: deps.pool, faults: deps.faults, secret: deps.webhookSecret });

  app.register(async (scope) => {
    scope.addHook('onRequest', auth.guard);
    staffRoutes(scope, { ...deps });
    realtimeRoutes(scope, { pool: deps.pool, faults: deps.faults, intervalMs: deps.realtimeMs });
  });

  // Console: static files, vendored Vue, and index.html for every other page path.
  app.get<{ Params: { file: string } }>('/vendor/:file', async (req, reply) => {
    const file = VENDOR[req.params.file];
    if (!file) return reply.code(404).send();
    return reply.type('text/javascript').header('cache-control', 'max-age=3600').send(await readFile(file));
  });
  app.get<{ Params: { '*': string } }>('/console/*', async (req, reply) => {
    const rel = path.normalize(req.params['*']).replace(/^(\.\.[/\\])+/, '');
    try {
      return reply.type(STATIC_TYPES[path.extname(rel)] ?? 'application/octet-stream').send(await readFile(path.join(deps.consoleDir, rel)));
    } catch {
      return reply.code(404).send();
    }
  });
  const index = () => readFile(path.join(deps.consoleDir, 'index.html'));
  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url.split('?')[0];
    const isPage = req.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/oauth2/') && !path.extname(url);
    if (!isPage) return reply.code(404).send();
    return reply.type('text/html; charset=utf-8').send(await index());
  });
  return app;
}
