/**
 * The stand's console renders what kodex's console renders (web-console/src/app/App.vue, src/pages/*.vue), and
 * the suite's page objects work on it. The staff API is mocked (see console-harness.ts).
 */
import { expect, test } from '@playwright/test';
import { CONSOLE, ERRORS, PATHS } from '../../contract/kodex.js';
import { ConsolePage } from '../../pages/console-page.js';
import { ProjectsPage } from '../../pages/projects-page.js';
import { RunDetailsPage } from '../../pages/run-details-page.js';
import { RunsPage } from '../../pages/runs-page.js';
import { UsersPage } from '../../pages/users-page.js';
import {
  ADMIN,
  MEMBER,
  RUN_ID,
  events,
  me,
  mockApi,
  mockSocket,
  run,
  runsSnapshot,
  serveConsole,
} from './console-harness.js';

let site: Awaited<ReturnType<typeof serveConsole>>;
test.beforeAll(async () => {
  site = await serveConsole();
});
test.afterAll(async () => {
  await site.close();
});
test.use({ baseURL: undefined });

const PROJECT = { id: 'p-1', slug: 'acme/demo', name: 'Demo project', role: 'admin' };

test('anonymous: the access card and the app bar both offer "Login with GitHub"; no page, no server message', async ({
  page,
}) => {
  await mockApi(page, site.base, { [`GET ${PATHS.authMe}`]: { status: 403, body: ERRORS.emailNotAllowed } });
  const c = new ConsolePage(page);
  await page.goto(`${site.base}/projects`);
  await expect(c.accessRequired()).toBeVisible();
  await expect(page.getByRole('link', { name: CONSOLE.loginWithGitHub }), 'two sign-in links, as in kodex').toHaveCount(
    2,
  );
  await expect(c.loginWithGitHub()).toHaveAttribute('href', '/oauth2/start');
  await expect(c.appBarLogin()).toHaveAttribute('href', '/oauth2/start');
  await expect(c.text(ERRORS.emailNotAllowed.message)).toHaveCount(0);
  await expect(c.header()).toHaveCount(0);
  await expect(page.getByRole('navigation')).toHaveCount(0);
});

test('projects: the Name is the link, the slug is plain text; Create project posts slug and name', async ({ page }) => {
  const api = await mockApi(page, site.base, {
    ...me(ADMIN),
    [`GET ${PATHS.projects}`]: { status: 200, body: { items: [PROJECT] } },
    [`POST ${PATHS.projects}`]: { status: 201, body: { id: 'p-2', slug: 'new', name: 'New' } },
  });
  const projects = new ProjectsPage(page);
  await page.goto(`${site.base}/projects`);
  await projects.expectReady();
  await expect(projects.row(PROJECT.slug)).toBeVisible();
  await expect(projects.nameLink(PROJECT.slug, PROJECT.name)).toHaveAttribute('href', `/projects/${PROJECT.id}`);
  await expect(
    projects.row(PROJECT.slug).getByRole('link', { name: PROJECT.slug }),
    'the slug is not a link',
  ).toHaveCount(0);
  await expect(projects.membersLink(PROJECT.slug)).toHaveAttribute('href', CONSOLE.routes.members(PROJECT.id));
  await projects.create('new', 'New');
  expect(api.find('POST', PATHS.projects)[0].body).toEqual({ slug: 'new', name: 'New' });
  const limits = new Set(api.find('GET', PATHS.projects).map((c) => c.query.get('limit')));
  expect(limits, 'the page and the app bar ask for 20 projects, as kodex').toEqual(new Set(['20']));
  expect(api.unexpected).toEqual([]);
});

test('runs: live rows over the realtime socket; the Details action is an unnamed link to /runs/:id', async ({
  page,
}) => {
  await mockApi(page, site.base, { ...me(ADMIN), [`GET ${PATHS.projects}`]: { status: 200, body: { items: [] } } });
  let push: (s: string) => void = () => {};
  await mockSocket(page, PATHS.runsRealtime, (ws) => {
    push = (s) => ws.send(s);
    ws.send(runsSnapshot([run()]));
  });
  const runs = new RunsPage(page);
  await page.goto(`${site.base}/runs`);
  await runs.expectReady();
  await runs.markNoReload();
  await expect(runs.statusChip(RUN_ID, 'running')).toBeVisible();
  await expect(
    runs.row(RUN_ID).getByRole('link', { name: CONSOLE.details }),
    'kodex gives the Details button no accessible name',
  ).toHaveCount(0);
  push(runsSnapshot([run({ status: 'succeeded' })]));
  await expect(runs.statusChip(RUN_ID, 'succeeded')).toBeVisible();
  expect(await runs.wasReloaded()).toBe(false);
});

test('run details: run, events with payloads and logs load together, then the socket; Flow Events is no heading; no Job name', async ({
  page,
}) => {
  const base = PATHS.run(RUN_ID);
  const api = await mockApi(page, site.base, {
    ...me(ADMIN),
    [`GET ${PATHS.projects}`]: { status: 200, body: { items: [] } },
    [`GET ${base}`]: { status: 200, body: run() },
    [`GET ${PATHS.runEvents(RUN_ID)}`]: { status: 200, body: { items: events } },
    [`GET ${PATHS.runLogs(RUN_ID)}`]: { status: 200, body: { run_id: RUN_ID, status: 'running', tail_lines: [] } },
    [`POST ${PATHS.runCancel(RUN_ID)}`]: {
      status: 200,
      body: { run_id: RUN_ID, previous_status: 'running', current_status: 'canceled', already_terminal: false },
    },
  });
  let push: (s: string) => void = () => {};
  const sockets = await mockSocket(page, PATHS.runRealtime(RUN_ID), (ws) => {
    push = (s) => ws.send(s);
    ws.send(JSON.stringify({ type: 'snapshot', run: run(), events }));
  });
  const details = new RunDetailsPage(page);
  await page.goto(`${site.base}${CONSOLE.routes.run(RUN_ID)}`);
  await details.expectReady();
  expect(api.find('GET', PATHS.runEvents(RUN_ID))[0].query.get('include_payload')).toBe('true');
  expect(api.find('GET', PATHS.runLogs(RUN_ID))).toHaveLength(1);
  await expect.poll(() => sockets.length, { message: 'the run socket opens after the loads' }).toBe(1);
  await expect(details.realtimeConnected()).toBeVisible();
  await expect(details.flowEventsTitle()).toHaveText(`${CONSOLE.flowEvents} (2)`);
  await expect(
    page.getByRole('heading', { name: new RegExp(CONSOLE.flowEvents) }),
    'kodex renders Flow Events as a card title',
  ).toHaveCount(0);
  await expect(details.flowEvent('run.started')).toBeVisible();
  await expect(details.value(run().namespace as string)).toBeVisible();
  await expect(details.text(run().job_name as string), 'kodex does not render the Job name').toHaveCount(0);
  push(JSON.stringify({ type: 'run', run: run({ status: 'failed' }) }));
  await expect(details.statusChip('failed')).toBeVisible();
  expect(api.unexpected).toEqual([]);
});

test('admin-only routes: a non-admin is sent to Mission Control and sees no Users link', async ({ page }) => {
  await mockApi(page, site.base, { ...me(MEMBER), [`GET ${PATHS.projects}`]: { status: 200, body: { items: [] } } });
  const users = new UsersPage(page);
  await page.goto(`${site.base}/users`);
  await expect(users.header()).toHaveText(CONSOLE.titles.missionControl);
  await expect(page).toHaveURL(`${site.base}/`);
  await expect(users.navLink(CONSOLE.titles.runs)).toBeVisible();
  await expect(users.navLink(CONSOLE.titles.users)).toHaveCount(0);
});

test('users: columns and rows, "Add Allowed User" posts the email', async ({ page }) => {
  const api = await mockApi(page, site.base, {
    ...me(ADMIN),
    [`GET ${PATHS.projects}`]: { status: 200, body: { items: [] } },
    [`GET ${PATHS.users}`]: { status: 200, body: { items: [ADMIN, MEMBER] } },
    [`POST ${PATHS.users}`]: { status: 201, body: { id: 'u-new', email: 'new@example.com' } },
  });
  const users = new UsersPage(page);
  await page.goto(`${site.base}/users`);
  await users.expectReady();
  await expect(users.row(MEMBER.email)).toBeVisible();
  await page.getByLabel('Email').fill('new@example.com');
  await page.getByRole('button', { name: CONSOLE.common.createOrUpdate }).click();
  await expect.poll(() => api.find('POST', PATHS.users).length).toBe(1);
  expect(api.find('POST', PATHS.users)[0].body).toEqual({ email: 'new@example.com', is_platform_admin: false });
});

test('users: 10 a page from 20 loaded, 20 more when paged to the last loaded page; findRow pages to a user', async ({
  page,
}) => {
  const all = [
    ADMIN,
    ...Array.from({ length: 44 }, (_, i) => ({ ...MEMBER, id: `u-${i}`, email: `u${i + 10}@x.test` })),
  ];
  const api = await mockApi(page, site.base, {
    ...me(ADMIN),
    [`GET ${PATHS.projects}`]: { status: 200, body: { items: [] } },
    [`GET ${PATHS.users}`]: ({ query }) => ({ status: 200, body: { items: all.slice(0, Number(query.get('limit'))) } }),
  });
  const limits = () => api.find('GET', PATHS.users).map((c) => c.query.get('limit'));
  const users = new UsersPage(page);
  await page.goto(`${site.base}/users`);
  await users.expectReady();
  await expect.poll(limits, 'kodex loads two table pages first').toEqual(['20']);
  await expect(users.row(ADMIN.email)).toBeVisible();
  await expect(users.row(all[10].email), 'the 11th user is on page 2').toHaveCount(0);

  // The 44th user is on page 5: page 2 grows the load to 40, page 4 (the last loaded page) to 60, which comes back
  // short, so nothing more is asked for.
  await expect(await users.findRow(all[43].email)).toBeVisible();
  expect(limits()).toEqual(['20', '40', '60']);

  // Someone not listed: back to page 1, then every page, and the row says how far it looked.
  const missing = await users.findRow('nobody@x.test');
  await expect(missing).toHaveCount(0);
  expect(missing.description()).toBe(
    'the row of nobody@x.test, on none of the 5 Users table page(s) looked at (no next page; rows 41-45 of 45)',
  );
  expect(limits(), 'a short load ends the growth').toEqual(['20', '40', '60']);
  expect(api.unexpected).toEqual([]);
});
