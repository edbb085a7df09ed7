/**
 * The stand's staff console (stand/console) against a mocked staff API: static files from a tiny in-test HTTP
 * server, REST through page.route, WebSockets through page.routeWebSocket. Selectors are roles, accessible
 * names and texts only, the same ones the suite uses against the real Vuetify console.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type Route, type WebSocketRoute } from '@playwright/test';
import { CONSOLE, PATHS, STAFF_AUTH } from '../../contract/kodex.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONSOLE_DIR = path.join(ROOT, 'stand/console');
const VUE_FILE = path.join(ROOT, 'node_modules/vue/dist/vue.esm-browser.prod.js');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

let server: http.Server;
let base = '';

test.beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file: string | null = null;
    if (url.pathname === '/vendor/vue.js') file = VUE_FILE;
    else if (url.pathname.startsWith('/console/')) {
      const candidate = path.resolve(CONSOLE_DIR, `.${url.pathname.slice('/console'.length)}`);
      file = candidate.startsWith(CONSOLE_DIR + path.sep) ? candidate : null;
    } else if (url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    } else file = path.join(CONSOLE_DIR, 'index.html');
    try {
      if (!file) throw new Error('outside console dir');
      const body = await fs.readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// ---------------------------------------------------------------- mock API

type Call = { method: string; path: string; query: URLSearchParams; body: unknown; cookie: string };
type Reply = { status: number; body?: unknown };
type Handler = Reply | ((call: Call) => Reply);

const ADMIN = { id: 'u-admin', email: 'admin@example.com', github_login: 'admin', is_platform_admin: true, is_platform_owner: true };
const MEMBER = { id: 'u-member', email: 'dev@example.com', github_login: 'dev', is_platform_admin: false, is_platform_owner: false };

/** Routes every /api/v1 request to `handlers` ("METHOD /path"); unknown ones answer 404 and are listed. */
async function mockApi(page: Page, handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const unexpected: string[] = [];
  page.on('pageerror', (e) => unexpected.push(`pageerror: ${e.message}`));
  await page.context().addCookies([
    { name: STAFF_AUTH.localeCookie, value: 'en', url: base },
    { name: STAFF_AUTH.jwtCookie, value: 'test-jwt', url: base },
  ]);
  await page.route('**/api/v1/**', async (route: Route) => {
    const req = route.request();
    const url = new URL(req.url());
    const raw = req.postData();
    const headers = await req.allHeaders();
    const call: Call = {
      method: req.method(), path: url.pathname, query: url.searchParams,
      body: raw ? JSON.parse(raw) : undefined, cookie: headers.cookie ?? '',
    };
    calls.push(call);
    const handler = handlers[`${call.method} ${call.path}`];
    if (!handler) {
      unexpected.push(`${call.method} ${url.pathname}${url.search}`);
      await route.fulfill({ status: 404, body: '' });
      return;
    }
    const reply = typeof handler === 'function' ? handler(call) : handler;
    await route.fulfill({
      status: reply.status,
      contentType: 'application/json',
      body: reply.body === undefined ? '' : JSON.stringify(reply.body),
    });
  });
  return { calls, unexpected, find: (method: string, p: string) => calls.filter((c) => c.method === method && c.path === p) };
}

const me = (user: typeof ADMIN) => ({ [`GET ${PATHS.authMe}`]: { status: 200, body: { user } } });

/** Mocks a WebSocket endpoint; resolves with each connection so the test can push messages. */
async function mockSocket(page: Page, pathname: string, onConnect: (ws: WebSocketRoute) => void) {
  const urls: string[] = [];
  await page.routeWebSocket((url) => url.pathname === pathname, (ws) => {
    urls.push(ws.url());
    onConnect(ws);
  });
  return urls;
}

const NOW = '2026-04-09T10:00:00Z';
function run(over: Record<string, unknown> = {}) {
  return {
    id: '11111111-1111-4111-8111-111111111111', correlation_id: 'gh-delivery-1', project_id: 'p-1',
    project_slug: 'demo', project_name: 'Demo', issue_number: 42, issue_url: 'https://github.com/acme/demo/issues/42',
    pr_number: null, pr_url: null, trigger_kind: 'dev', trigger_label: 'run:dev', job_name: 'kodex-run-1111',
    job_namespace: 'codex-issue-p1-i42-r1111', namespace: 'codex-issue-p1-i42-r1111', job_exists: true,
    namespace_exists: true, wait_state: null, wait_reason: null, agent_key: 'dev', wait_since: null,
    last_heartbeat_at: null, status: 'running', created_at: NOW, started_at: '2026-04-09T10:00:05Z', finished_at: null,
    ...over,
  };
}
const snapshot = (items: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({
  type: 'snapshot', items, pagination: { page: 1, page_size: 20, total_count: items.length },
  wait_queue_count: 0, pending_approvals_count: 0, sent_at: NOW, ...extra,
});

const header = (page: Page) => page.locator('.page-header .text-h5');
const chipOf = (scope: ReturnType<Page['locator']>, status: string) => scope.locator('.v-chip', { hasText: status });

// ---------------------------------------------------------------- specs

test('auth failure shows only the Access required card and never the server message', async ({ page }) => {
  const api = await mockApi(page, {
    [`GET ${PATHS.authMe}`]: { status: 403, body: { code: 'forbidden', message: 'email is not allowed' } },
  });
  await page.goto(`${base}/runs`);
  await expect(page.getByRole('heading', { name: CONSOLE.accessRequired })).toBeVisible();
  await expect(page.getByText('This console is protected by GitHub OAuth. Ask your admin to allow your email before first login.')).toBeVisible();
  await expect(page.getByRole('link', { name: CONSOLE.loginWithGitHub })).toHaveAttribute('href', PATHS.oauthStart);
  await expect(page.getByText('email is not allowed')).toHaveCount(0);
  await expect(page.getByRole('navigation')).toHaveCount(0);
  expect(api.find('GET', PATHS.authMe)[0].cookie).toContain(`${STAFF_AUTH.jwtCookie}=test-jwt`);
  expect(api.unexpected).toEqual([]);
});

test('projects table, empty state and the Create project dialog', async ({ page }) => {
  let projects = [{ id: 'p-1', slug: 'demo', name: 'Demo', role: 'admin' }];
  const api = await mockApi(page, {
    ...me(ADMIN),
    [`GET ${PATHS.projects}`]: () => ({ status: 200, body: { items: projects } }),
    [`POST ${PATHS.projects}`]: (c) => {
      const b = c.body as { slug: string; name: string };
      if (b.slug === 'bad slug') return { status: 400, body: { code: 'invalid_argument', message: 'slug: invalid format' } };
      projects = [...projects, { id: 'p-2', ...b, role: 'admin' }];
      return { status: 201, body: projects[1] };
    },
  });
  await page.goto(`${base}${CONSOLE.routes.projects}`);
  await expect(header(page)).toHaveText(CONSOLE.titles.projects);
  await expect(page).toHaveTitle(CONSOLE.documentTitle(CONSOLE.documentTitles.projects));
  for (const name of CONSOLE.projectsColumns) await expect(page.getByRole('columnheader', { name })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'demo' });
  await expect(row.getByRole('link', { name: 'demo' })).toHaveAttribute('href', CONSOLE.routes.repositories('p-1'));
  await expect(row.getByRole('link', { name: 'Members' })).toHaveAttribute('href', CONSOLE.routes.members('p-1'));

  await page.getByRole('button', { name: CONSOLE.createProject }).click();
  const dialog = page.getByRole('dialog', { name: CONSOLE.createProject });
  await dialog.getByLabel('Slug').fill('bad slug');
  await dialog.getByLabel('Name').fill('Bad');
  await dialog.getByRole('button', { name: CONSOLE.save }).click();
  await expect(dialog.getByRole('alert')).toHaveText('slug: invalid format');

  await dialog.getByLabel('Slug').fill('gate-e2e');
  await dialog.getByLabel('Name').fill('Gate E2E');
  await dialog.getByRole('button', { name: CONSOLE.save }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'gate-e2e' })).toBeVisible();
  expect(api.find('POST', PATHS.projects).map((c) => c.body)).toEqual([
    { slug: 'bad slug', name: 'Bad' }, { slug: 'gate-e2e', name: 'Gate E2E' },
  ]);
  expect(api.find('GET', PATHS.projects)).toHaveLength(2);

  projects = [];
  await page.reload();
  await expect(page.getByText(CONSOLE.noProjects)).toBeVisible();
  expect(api.unexpected).toEqual([]);
});

test('non-admins see no Create project button and no Users link', async ({ page }) => {
  await mockApi(page, { ...me(MEMBER), [`GET ${PATHS.projects}`]: { status: 200, body: { items: [] } } });
  await page.goto(`${base}${CONSOLE.routes.projects}`);
  await expect(page.getByText(CONSOLE.noProjects)).toBeVisible();
  await expect(page.getByRole('button', { name: CONSOLE.createProject })).toHaveCount(0);
  const nav = page.getByRole('navigation');
  for (const name of ['Mission Control', 'Projects', 'Runs']) await expect(nav.getByRole('link', { name })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
});

test('runs table is live: a second snapshot changes the status without a reload', async ({ page }, testInfo) => {
  const api = await mockApi(page, me(ADMIN));
  let socket: WebSocketRoute | undefined;
  const urls = await mockSocket(page, PATHS.runsRealtime, (ws) => {
    socket = ws;
    ws.send(snapshot([]));
  });
  await page.goto(`${base}${CONSOLE.routes.runs}`);
  await expect(header(page)).toHaveText(CONSOLE.titles.runs);
  await expect(page).toHaveTitle(CONSOLE.documentTitle(CONSOLE.documentTitles.runs));
  await expect(page.getByText(CONSOLE.noRuns)).toBeVisible();
  expect(new URL(urls[0]).search).toBe('?page=1&page_size=20');
  await page.evaluate(() => { (window as unknown as { marker: number }).marker = 1; });

  const a = run();
  const b = run({ id: '22222222-2222-4222-8222-222222222222', status: 'failed', issue_number: 7,
    issue_url: 'https://github.com/acme/demo/issues/7', pr_number: 9, pr_url: 'https://github.com/acme/demo/pull/9',
    trigger_label: 'run:qa', finished_at: '2026-04-09T10:05:00Z' });
  socket!.send(snapshot([a, b], { wait_queue_count: 3, pending_approvals_count: 1 }));

  for (const name of CONSOLE.runsColumns) await expect(page.getByRole('columnheader', { name, exact: true })).toBeVisible();
  const rowA = page.getByRole('row').filter({ has: page.locator(`a[href="${CONSOLE.routes.run(a.id)}"]`) });
  await expect(rowA.getByRole('link', { name: CONSOLE.details })).toBeVisible();
  await expect(chipOf(rowA, 'running')).toHaveClass(/text-info/);
  await expect(rowA.getByRole('link', { name: '#42' })).toHaveAttribute('href', a.issue_url);
  await expect(rowA.getByRole('cell', { name: 'run:dev' })).toBeVisible();
  const rowB = page.getByRole('row').filter({ has: page.locator(`a[href="${CONSOLE.routes.run(b.id)}"]`) });
  await expect(chipOf(rowB, 'failed')).toHaveClass(/text-error/);
  await expect(rowB.getByRole('link', { name: '#9' })).toHaveAttribute('href', b.pr_url!);
  await expect(page.getByRole('region', { name: 'Wait queue' })).toContainText('3');
  await expect(page.getByRole('region', { name: 'Pending approvals' })).toContainText('1');
  await expect(page.getByRole('region', { name: 'Runs', exact: true })).toContainText('2');
  await testInfo.attach('runs', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  await page.screenshot({ path: testInfo.outputPath('runs.png'), fullPage: true });

  socket!.send(snapshot([{ ...a, status: 'succeeded', finished_at: '2026-04-09T10:09:00Z' }, b]));
  await expect(chipOf(rowA, 'succeeded')).toHaveClass(/text-success/);
  await expect(rowA.getByRole('cell', { name: '—', exact: true })).toHaveCount(1); // PR only; Finished is set now
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

  await rowA.getByRole('link', { name: CONSOLE.details }).click();
  await expect(page).toHaveURL(`${base}${CONSOLE.routes.run(a.id)}`);
  expect(api.unexpected.filter((u) => !u.includes(a.id))).toEqual([]); // details page calls are not mocked here
});

test('run details: loads together, streams, shows Flow Events (2) and stops the run', async ({ page }, testInfo) => {
  const r = run();
  const events = [
    { correlation_id: r.correlation_id, event_type: 'run.started', created_at: '2026-04-09T10:00:05Z', payload_json: '{"job":"kodex-run-1111"}' },
    { correlation_id: r.correlation_id, event_type: 'webhook.received', created_at: NOW, payload_json: '{"action":"labeled"}' },
  ];
  const api = await mockApi(page, {
    ...me(ADMIN),
    [`GET ${PATHS.run(r.id)}`]: { status: 200, body: r },
    [`GET ${PATHS.runEvents(r.id)}`]: { status: 200, body: { items: events } },
    [`GET ${PATHS.runLogs(r.id)}`]: { status: 200, body: { run_id: r.id, status: 'running', updated_at: NOW, snapshot_json: '', tail_lines: ['step 1: clone', 'step 2: build'] } },
    [`POST ${PATHS.runCancel(r.id)}`]: { status: 200, body: { run_id: r.id, action: 'cancel', previous_status: 'running', current_status: 'canceled', already_terminal: false, runtime_deploy_cancel_requested: false, job_stopped: true, canceled_github_waits: 0 } },
  });
  let socket: WebSocketRoute | undefined;
  const urls = await mockSocket(page, PATHS.runRealtime(r.id), (ws) => {
    socket = ws;
    ws.send(JSON.stringify({ type: 'snapshot', run: r, events, sent_at: NOW }));
  });

  await page.goto(`${base}${CONSOLE.routes.run(r.id)}`);
  await expect(header(page)).toHaveText(CONSOLE.titles.runDetails);
  await expect(page).toHaveTitle(CONSOLE.documentTitle(CONSOLE.documentTitles.runDetails));
  await expect(page.getByText(CONSOLE.realtimeConnected)).toBeVisible();
  await expect(page.getByRole('heading', { name: `${CONSOLE.flowEvents} (2)` })).toBeVisible();
  await expect(chipOf(page.locator('main'), 'running').first()).toHaveClass(/text-info/);
  for (const [label, value] of [['run_id', r.id], ['correlation_id', r.correlation_id], ['Trigger kind', 'dev'],
    ['Trigger label', 'run:dev'], ['agent_key', 'dev'], ['Job', r.job_name], ['Job namespace', r.job_namespace],
    ['Project slug', 'demo']] as const) {
    await expect(page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]')).toHaveText(value);
  }
  await expect(page.getByText('step 2: build')).toBeVisible();
  const first = page.locator('details').first();
  await expect(first.locator('summary')).toContainText('run.started');
  await first.locator('summary').click();
  await expect(first.locator('pre')).toContainText('"job": "kodex-run-1111"');

  expect(api.find('GET', PATHS.runEvents(r.id))[0].query.get('include_payload')).toBe('true');
  expect(api.find('GET', PATHS.runLogs(r.id))[0].query.get('tail_lines')).toBe('200');
  const wsQuery = new URL(urls[0]).searchParams;
  expect([wsQuery.get('limit'), wsQuery.get('tail_lines')]).toEqual(['200', '200']);
  await page.screenshot({ path: testInfo.outputPath('run-details.png'), fullPage: true });

  socket!.send(JSON.stringify({ type: 'events', events: [{ ...events[0], event_type: 'run.namespace.prepared', created_at: '2026-04-09T10:00:06Z' }, ...events], sent_at: NOW }));
  await expect(page.getByRole('heading', { name: `${CONSOLE.flowEvents} (3)` })).toBeVisible();

  const dialogs: string[] = [];
  page.once('dialog', (d) => { dialogs.push(d.message()); void d.accept(); });
  await page.getByRole('button', { name: CONSOLE.stopRun }).click();
  await expect.poll(() => api.find('POST', PATHS.runCancel(r.id)).length).toBe(1);
  expect(dialogs).toEqual(['Cancel this run and stop related runtime artifacts?']);
  await expect(page.getByRole('button', { name: CONSOLE.stopRun })).toBeDisabled();

  socket!.send(JSON.stringify({ type: 'run', run: { ...r, status: 'failed' }, sent_at: NOW }));
  await expect(chipOf(page.locator('main'), 'failed').first()).toHaveClass(/text-error/);
  expect(api.unexpected).toEqual([]);
});

test('run details: one failed load shows an error alert; no job shows "Job not found"', async ({ page }) => {
  const r = run({ job_name: null, status: 'succeeded' });
  await mockApi(page, {
    ...me(ADMIN),
    [`GET ${PATHS.run(r.id)}`]: { status: 200, body: r },
    [`GET ${PATHS.runEvents(r.id)}`]: { status: 403, body: { code: 'forbidden', message: 'project access required' } },
    [`GET ${PATHS.runLogs(r.id)}`]: { status: 200, body: { run_id: r.id, status: 'succeeded', snapshot_json: '', tail_lines: [] } },
  });
  let socket: WebSocketRoute | undefined;
  await mockSocket(page, PATHS.runRealtime(r.id), (ws) => { socket = ws; });
  await page.goto(`${base}${CONSOLE.routes.run(r.id)}`);
  await expect(page.getByRole('alert')).toHaveText('project access required');
  await expect(page.getByText(CONSOLE.realtimeConnected)).toBeVisible();
  socket!.send(JSON.stringify({ type: 'snapshot', run: r, events: [], sent_at: NOW }));
  await expect(page.getByText('Job not found')).toBeVisible();
  await expect(page.getByRole('button', { name: CONSOLE.stopRun })).toBeDisabled();
  await expect(page.getByRole('heading', { name: `${CONSOLE.flowEvents} (0)` })).toBeVisible();
});

test('users page: columns, add an allowed user, delete through the dialog', async ({ page }) => {
  let users = [
    { ...ADMIN, github_user_id: 1 },
    { id: 'u-2', email: 'qa@example.com', github_login: null, is_platform_admin: false, is_platform_owner: false },
  ];
  const api = await mockApi(page, {
    ...me(ADMIN),
    [`GET ${PATHS.users}`]: () => ({ status: 200, body: { items: users } }),
    [`POST ${PATHS.users}`]: (c) => {
      const b = c.body as { email: string; is_platform_admin: boolean };
      users = [...users, { id: 'u-3', email: b.email, github_login: null, is_platform_admin: b.is_platform_admin, is_platform_owner: false }];
      return { status: 201, body: users.at(-1) };
    },
    [`DELETE ${PATHS.user('u-2')}`]: () => { users = users.filter((u) => u.id !== 'u-2'); return { status: 204 }; },
  });
  await page.goto(`${base}${CONSOLE.routes.users}`);
  await expect(header(page)).toHaveText(CONSOLE.titles.users);
  await expect(page).toHaveTitle(CONSOLE.documentTitle(CONSOLE.documentTitles.users));
  for (const name of CONSOLE.usersColumns) await expect(page.getByRole('columnheader', { name })).toBeVisible();
  const adminRow = page.getByRole('row').filter({ hasText: 'admin@example.com' });
  await expect(adminRow.getByRole('cell', { name: 'yes' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'qa@example.com' }).getByRole('cell', { name: 'no' })).toBeVisible();

  const card = page.getByRole('region', { name: CONSOLE.addAllowedUser });
  await card.getByLabel('Email').fill('new@example.com');
  await card.getByLabel('Platform admin').check();
  await card.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: 'new@example.com' })).toBeVisible();
  expect(api.find('POST', PATHS.users).map((c) => c.body)).toEqual([{ email: 'new@example.com', is_platform_admin: true }]);

  await page.getByRole('row').filter({ hasText: 'qa@example.com' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'qa@example.com' })).toHaveCount(0);
  expect(api.find('DELETE', PATHS.user('u-2'))).toHaveLength(1);
  expect(api.unexpected).toEqual([]);
});

test('non-admins are redirected from admin routes and unknown paths to Mission Control', async ({ page }) => {
  await mockApi(page, me(MEMBER));
  for (const p of [CONSOLE.routes.users, CONSOLE.routes.members('p-1'), '/no/such/page']) {
    await page.goto(`${base}${p}`);
    await expect(page).toHaveURL(`${base}/`);
    await expect(header(page)).toHaveText(CONSOLE.titles.missionControl);
    await expect(page).toHaveTitle(CONSOLE.documentTitle(CONSOLE.documentTitles.missionControl));
  }
});

test('project repositories: attach posts the binding and always clears the token', async ({ page }) => {
  let repos: Record<string, unknown>[] = [];
  const api = await mockApi(page, {
    ...me(ADMIN),
    [`GET ${PATHS.repositories('p-1')}`]: () => ({ status: 200, body: { items: repos } }),
    [`POST ${PATHS.repositories('p-1')}`]: (c) => {
      const b = c.body as { owner: string; name: string; services_yaml_path: string };
      if (b.name === 'missing') return { status: 409, body: { code: 'failed_precondition', message: 'github client is not configured' } };
      repos = [{ id: 'r-1', project_id: 'p-1', alias: b.name, role: 'mixed', default_ref: 'main', provider: 'github', external_id: 5, owner: b.owner, name: b.name, services_yaml_path: b.services_yaml_path, bot_username: 'kodex-bot', preflight_updated_at: null }];
      return { status: 201, body: repos[0] };
    },
  });
  await page.goto(`${base}${CONSOLE.routes.repositories('p-1')}`);
  await expect(header(page)).toHaveText(CONSOLE.titles.repositories);
  await expect(page).toHaveTitle(CONSOLE.documentTitle(CONSOLE.documentTitles.repositories));
  for (const name of ['Provider', 'Repo', 'services.yaml', 'Bot', 'Preflight updated']) {
    await expect(page.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  const form = page.getByRole('form', { name: 'Attach GitHub Repository' });
  await expect(form.getByLabel('services.yaml path')).toHaveValue('services.yaml');
  const token = form.getByLabel('Repo token (stored encrypted in DB)');
  await expect(token).toHaveAttribute('type', 'password');

  await form.getByLabel('Owner').fill('acme');
  await form.getByLabel('Name', { exact: true }).fill('missing');
  await token.fill('ghp_secret1');
  await form.getByRole('button', { name: CONSOLE.attachRepository }).click();
  await expect(form.getByRole('alert')).toHaveText('github client is not configured');
  await expect(token).toHaveValue('');

  await form.getByLabel('Name', { exact: true }).fill('demo');
  await token.fill('ghp_secret2');
  await form.getByRole('button', { name: CONSOLE.attachRepository }).click();
  await expect(page.getByRole('cell', { name: 'acme/demo' })).toBeVisible();
  await expect(token).toHaveValue('');
  expect(api.find('POST', PATHS.repositories('p-1')).at(-1)!.body).toEqual({
    provider: 'github', owner: 'acme', name: 'demo', token: 'ghp_secret2', services_yaml_path: 'services.yaml',
  });
  expect(api.unexpected).toEqual([]);
});

test('project members: role select, learning override and add by email', async ({ page }) => {
  let members = [{ project_id: 'p-1', user_id: 'u-2', email: 'dev@example.com', role: 'read', learning_mode_override: null as boolean | null }];
  const api = await mockApi(page, {
    ...me(ADMIN),
    [`GET ${PATHS.members('p-1')}`]: () => ({ status: 200, body: { items: members } }),
    [`POST ${PATHS.members('p-1')}`]: (c) => {
      const b = c.body as { user_id?: string; email?: string; role: string };
      if (b.user_id) members = members.map((m) => (m.user_id === b.user_id ? { ...m, role: b.role } : m));
      else members = [...members, { project_id: 'p-1', user_id: 'u-9', email: b.email!, role: b.role, learning_mode_override: null }];
      return { status: 204 };
    },
    [`PUT ${PATHS.memberLearning('p-1', 'u-2')}`]: (c) => {
      members = members.map((m) => ({ ...m, learning_mode_override: (c.body as { enabled: boolean | null }).enabled }));
      return { status: 204 };
    },
  });
  await page.goto(`${base}${CONSOLE.routes.members('p-1')}`);
  await expect(header(page)).toHaveText(CONSOLE.titles.members);
  const row = page.getByRole('row').filter({ hasText: 'dev@example.com' });
  await expect(row.getByRole('combobox', { name: 'Role' })).toHaveValue('read');
  await row.getByRole('combobox', { name: 'Role' }).selectOption('read_write');
  await expect.poll(() => api.find('POST', PATHS.members('p-1')).map((c) => c.body)).toEqual([{ user_id: 'u-2', role: 'read_write' }]);
  await row.getByRole('combobox', { name: 'Learning override' }).selectOption('true');
  await expect.poll(() => api.find('PUT', PATHS.memberLearning('p-1', 'u-2')).map((c) => c.body)).toEqual([{ enabled: true }]);
  await expect(row.getByRole('combobox', { name: 'Learning override' })).toHaveValue('true');
  await row.getByRole('combobox', { name: 'Learning override' }).selectOption('inherit');
  await expect.poll(() => api.find('PUT', PATHS.memberLearning('p-1', 'u-2')).at(-1)?.body).toEqual({ enabled: null });

  const form = page.getByRole('form', { name: 'Add Project Member' });
  await form.getByLabel('Email').fill('qa@example.com');
  await form.getByLabel('Role').selectOption('admin');
  await form.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'qa@example.com' }).getByRole('combobox', { name: 'Role' })).toHaveValue('admin');
  expect(api.find('POST', PATHS.members('p-1')).at(-1)!.body).toEqual({ email: 'qa@example.com', role: 'admin' });
  expect(api.unexpected).toEqual([]);
});
