import { test, expect } from '../../fixtures/index.js';
import { CONSOLE, ERRORS } from '../../contract/kodex.js';
import { scenario } from '../../helpers/scenario.js';
import { ConsolePage } from '../../pages/console-page.js';
import { ProjectsPage } from '../../pages/projects-page.js';
import { RunsPage } from '../../pages/runs-page.js';
import { UsersPage } from '../../pages/users-page.js';

const stranger = { email: 'not-allowed-kodex-gate@example.com', via: 'header' as const };

test.describe('staff access (P0-3, P0-4)', () => {
  test('A1 only allowlisted staff get in', { tag: ['@critical', '@readonly'], annotation: scenario('A1') }, async ({ staffAs, admin, consoleAs }) => {
    // an allowlisted email gets its principal
    const me = await (await staffAs(admin)).me();
    expect(me.status(), 'an allowlisted email is let in').toBe(200);
    expect((await me.json()).user.email).toBe(admin.email.toLowerCase());
    // an unknown email gets the exact forbidden body
    const denied = await (await staffAs(stranger)).me();
    expect(denied.status(), 'an email outside the allowlist gets 403').toBe(403);
    expect(await denied.json()).toEqual(ERRORS.emailNotAllowed);
    // no credentials at all
    const anonymous = await (await staffAs('anonymous')).me();
    expect(anonymous.status(), 'no credentials gets 401').toBe(401);
    expect(await anonymous.json()).toEqual(ERRORS.missingAuthToken);
    // the console shows the access card, never the server's message
    const page = new ConsolePage(await consoleAs(stranger));
    await page.page.goto(CONSOLE.routes.projects);
    await expect(page.accessRequired(), 'the "Access required" card').toBeVisible();
    await expect(page.loginWithGitHub()).toHaveAttribute('href', '/oauth2/start');
    await expect(page.page.getByText(ERRORS.emailNotAllowed.message)).toHaveCount(0);
    await expect(page.header(), 'no console page behind the access card').toHaveCount(0);
  });

  test('U1 console pages load for an admin; users stay admin-only', { tag: ['@critical'], annotation: scenario('U1') }, async ({ consoleAs, admin, world, staffAs }) => {
    // an admin moves Projects → Runs → Users through the console's navigation
    const projects = new ProjectsPage(await consoleAs(admin));
    await projects.open();
    await expect(projects.row(world.projectSlug), 'the gate\'s project is listed').toBeVisible();
    await projects.navigateTo(CONSOLE.titles.runs);
    await new RunsPage(projects.page).expectReady();
    await projects.navigateTo(CONSOLE.titles.users);
    const users = new UsersPage(projects.page);
    await users.expectReady();
    await expect(users.row(admin.email), 'the admin is listed on Users').toBeVisible();
    await expect(users.row(world.viewer.email), 'the fabricated viewer is listed on Users').toBeVisible();

    // a non-admin who opens /users is sent away, and sees no Users link
    const viewer = new UsersPage(await consoleAs({ email: world.viewer.email }));
    await viewer.goto();
    await expect(viewer.navLink(CONSOLE.titles.projects), 'the console loaded for the non-admin').toBeVisible();
    await expect(viewer.page, 'a non-admin is sent away from /users').not.toHaveURL(/\/users$/);
    await expect(viewer.header()).not.toHaveText(CONSOLE.titles.users);
    await expect(viewer.navLink(CONSOLE.titles.users), 'no Users link for a non-admin').toHaveCount(0);
    const api = await (await staffAs({ email: world.viewer.email })).usersResponse();
    expect(api.status(), 'GET /users is admin-only').toBe(403);
    expect(await api.json()).toEqual(ERRORS.platformAdminRequired);
  });
});
