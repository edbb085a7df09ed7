/**
 * Harness for the stand-console tests: the stand's console bundle from a tiny HTTP server, the staff API mocked
 * through page.route and its WebSockets through page.routeWebSocket.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Route, WebSocketRoute } from '@playwright/test';
import { PATHS, STAFF_AUTH } from '../../contract/kodex.js';
import { bundleConsole } from '../../stand/console/build.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Serves the console bundle (index.html for page paths; /api is left to the mocks). Returns base URL + close. */
export async function serveConsole(): Promise<{ base: string; close: () => Promise<void> }> {
  const dir = await bundleConsole(path.join(ROOT, 'stand/console'));
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) return void res.writeHead(404).end();
    const rel = url.pathname.startsWith('/console/')
      ? path.normalize(url.pathname.slice('/console/'.length)).replace(/^(\.\.[/\\])+/, '')
      : 'index.html';
    const file = path.join(dir, rel);
    if (
      !(await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Call = { method: string; path: string; query: URLSearchParams; body: unknown };
type Reply = { status: number; body?: unknown };
export type Handler = Reply | ((call: Call) => Reply);

export const ADMIN = {
  id: 'u-admin',
  email: 'admin@example.com',
  github_login: 'admin',
  is_platform_admin: true,
  is_platform_owner: true,
};
export const MEMBER = {
  id: 'u-member',
  email: 'dev@example.com',
  github_login: 'dev',
  is_platform_admin: false,
  is_platform_owner: false,
};
export const me = (user: typeof ADMIN) => ({ [`GET ${PATHS.authMe}`]: { status: 200, body: { user } } });

/** Routes every /api/v1 request to `handlers` ("METHOD /path"); unknown ones answer 404 and are listed. */
export async function mockApi(page: Page, base: string, handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const unexpected: string[] = [];
  page.on('pageerror', (e) => unexpected.push(`pageerror: ${e.message}`));
  await page.context().addCookies([{ name: STAFF_AUTH.localeCookie, value: 'en', url: base }]);
  await page.route('**/api/v1/**', async (route: Route) => {
    const req = route.request();
    const url = new URL(req.url());
    const raw = req.postData();
    const call: Call = {
      method: req.method(),
      path: url.pathname,
      query: url.searchParams,
      body: raw ? JSON.parse(raw) : undefined,
    };
    calls.push(call);
    const handler = handlers[`${call.method} ${call.path}`];
    if (!handler) {
      unexpected.push(`${call.method} ${url.pathname}${url.search}`);
      return route.fulfill({ status: 404, body: '' });
    }
    const reply = typeof handler === 'function' ? handler(call) : handler;
    await route.fulfill({
      status: reply.status,
      contentType: 'application/json',
      body: reply.body === undefined ? '' : JSON.stringify(reply.body),
    });
  });
  return {
    calls,
    unexpected,
    find: (method: string, p: string) => calls.filter((c) => c.method === method && c.path === p),
  };
}

/** Mocks a WebSocket endpoint; onConnect gets each connection so the test can push messages. */
export async function mockSocket(page: Page, pathname: string, onConnect: (ws: WebSocketRoute) => void) {
  const urls: string[] = [];
  await page.routeWebSocket(
    (url) => url.pathname === pathname,
    (ws) => {
      urls.push(ws.url());
      onConnect(ws);
    },
  );
  return urls;
}

const NOW = '2026-04-09T10:00:00Z';
export const RUN_ID = '11111111-1111-4111-8111-111111111111';
export function run(over: Record<string, unknown> = {}) {
  return {
    id: RUN_ID,
    correlation_id: 'gh-delivery-1',
    project_id: 'p-1',
    project_slug: 'demo',
    project_name: 'Demo',
    issue_number: 42,
    issue_url: 'https://github.com/acme/demo/issues/42',
    pr_number: null,
    pr_url: null,
    trigger_kind: 'dev',
    trigger_label: 'run:dev',
    job_name: 'kodex-run-1111',
    job_namespace: 'codex-issue-p1-i42-r1111',
    namespace: 'codex-issue-p1-i42-r1111',
    job_exists: true,
    namespace_exists: true,
    wait_state: null,
    wait_reason: null,
    agent_key: 'dev',
    status: 'running',
    created_at: NOW,
    started_at: '2026-04-09T10:00:05Z',
    finished_at: null,
    ...over,
  };
}
export const runsSnapshot = (items: unknown[]) =>
  JSON.stringify({
    type: 'snapshot',
    items,
    pagination: { page: 1, page_size: 20, total_count: items.length },
    wait_queue_count: 0,
    pending_approvals_count: 0,
    sent_at: NOW,
  });
export const events = [
  {
    correlation_id: 'gh-delivery-1',
    event_type: 'run.started',
    created_at: '2026-04-09T10:00:05Z',
    payload_json: '{"a":1}',
  },
  { correlation_id: 'gh-delivery-1', event_type: 'webhook.received', created_at: NOW, payload_json: '{}' },
];
