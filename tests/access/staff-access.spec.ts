import { randomUUID } from 'node:crypto';
import { test, expect } from '../../fixtures/index.js';
import { CONSOLE, ERRORS, STAFF_AUTH } from '../../contract/kodex.js';
import { scenario } from '../../helpers/checks/scenario.js';
import { RunsPage } from '../../pages/runs-page.js';
import { UsersPage } from '../../pages/users-page.js';

const stranger = { email: 'not-allowed-kodex-gate@example.com', via: 'header' as const };

test.describe('staff access (P0-3)', () => {
  test(
    'A1 only allowlisted staff get in',
    { tag: ['@critical', '@readonly'], annotation: scenario('A1') },
    async ({ staffAs, admin, consoleAs, db, onTarget }) => {
      // given: an allowlisted email gets its principal
      const me = await (await staffAs(admin)).me();
      expect(me.status(), 'an allowlisted email is let in').toBe(200);
      const principal = (await me.json()).user;
      expect(principal.email).toBe(admin.email.toLowerCase());

      // then: an unknown email gets the exact forbidden body
      const denied = await (await staffAs(stranger)).me();
      expect(denied.status(), 'an email outside the allowlist gets 403').toBe(403);
      expect(await denied.json()).toEqual(ERRORS.emailNotAllowed);

      // and: no credentials get 401, on /auth/me and on every staff data route the console reads
      const anonymous = await staffAs('anonymous');
      const anonMe = await anonymous.me();
      expect(anonMe.status(), 'no credentials gets 401').toBe(401);
      expect(await anonMe.json()).toEqual(ERRORS.missingAuthToken);
      for (const [path, status] of await anonymous.dataRouteStatuses(randomUUID()))
        expect(status, `anonymous GET ${path} gets 401`).toBe(401);

      // and: a staff JWT kodex did not sign, or one that expired (where the signing key is given), gets 401 everywhere
      const admins = await db.userByEmail(admin.email);
      for (const [kind, token] of await onTarget.badStaffTokens(admins!.id, admin.email)) {
        const auth = { Authorization: `Bearer ${token}` };
        for (const [path, status] of await anonymous.dataRouteStatuses(randomUUID(), auth))
          expect(status, `a ${kind} staff JWT on GET ${path} gets 401`).toBe(401);
      }

      // and: through the public ingress (oauth2-proxy), an X-Auth-Request-Email sent from outside signs nobody in
      // (where there is one: in header mode with the base URL as the only URL, that URL IS the trusted side)
      for (const publicUrl of onTarget.spoofProbeUrls()) {
        const spoofed = await anonymous.meAt(publicUrl, { [STAFF_AUTH.emailHeader]: admin.email });
        expect(spoofed.status(), `an X-Auth-Request-Email from outside does not sign in at ${publicUrl}`).not.toBe(200);
      }

      // and: the console shows the access card (and the app bar's sign-in), never the server's message
      const accessCard = (await consoleAs(stranger)).shell;
      await accessCard.goto(CONSOLE.routes.projects);
      await expect(accessCard.accessRequired(), 'the "Access required" card').toBeVisible();
      await expect(accessCard.loginWithGitHub(), 'the access card signs in through /oauth2/start').toHaveAttribute(
        'href',
        '/oauth2/start',
      );
      await expect(accessCard.appBarLogin(), 'the app bar signs in through /oauth2/start').toHaveAttribute(
        'href',
        '/oauth2/start',
      );
      await expect(accessCard.text(ERRORS.emailNotAllowed.message)).toHaveCount(0);
      await expect(accessCard.header(), 'no console page behind the access card').toHaveCount(0);
    },
  );
});

test.describe('staff console pages (P0-4)', () => {
  test(
    'U1 console pages load for an admin; users stay admin-only',
    { tag: ['@critical'], annotation: scenario('U1') },
    async ({ consoleAs, admin, world, staffAs, webhook, waiter, runsList }) => {
      // given: a run the world created (the Runs list is ours until it is seen there: kodex lists the newest 20)
      const { projects } = await consoleAs(admin);
      await runsList.hold('U1');
      const { runId } = await webhook.trigger({ issue: world.nextIssue() });
      await waiter.until({ runId }, 'succeeded');

      // when: an admin moves Projects → Runs → Users through the console's navigation
      await projects.open();
      await expect(projects.row(world.projectSlug), "the gate's project is listed").toBeVisible();
      const runsPage = await projects.navigateTo(CONSOLE.titles.runs, RunsPage);
      // then: Runs shows real rows from the API, including the world's run, and no error
      await expect(runsPage.row(runId), "the world's run is listed on Runs").toBeVisible();
      await expect(runsPage.statusChip(runId, 'succeeded'), 'the listed run shows its status').toBeVisible();
      await runsList.release();
      await expect(runsPage.errorAlert(), 'no API error on the Runs page').toHaveCount(0);
      // and: Users lists the admin and the world's viewer, on whichever page of its table each one is
      const users = await projects.navigateTo(CONSOLE.titles.users, UsersPage);
      await expect(await users.findRow(admin.email), 'the admin is listed on Users').toBeVisible();
      await expect(await users.findRow(world.viewer.email), 'the fabricated viewer is listed on Users').toBeVisible();
      await expect(users.errorAlert(), 'no API error on the Users page').toHaveCount(0);

      // and: a non-admin who opens /users is sent away, and sees no Users link
      const viewer = (await consoleAs({ email: world.viewer.email })).users;
      await viewer.request();
      await expect(viewer.navLink(CONSOLE.titles.projects), 'the console loaded for the non-admin').toBeVisible();
      await expect(viewer.page, 'a non-admin is sent away from /users').not.toHaveURL(/\/users$/);
      await expect(viewer.header()).not.toHaveText(CONSOLE.titles.users);
      await expect(viewer.navLink(CONSOLE.titles.users), 'no Users link for a non-admin').toHaveCount(0);
      const api = await (await staffAs({ email: world.viewer.email })).usersResponse();
      expect(api.status(), 'GET /users is admin-only').toBe(403);
      expect(await api.json()).toEqual(ERRORS.platformAdminRequired);
    },
  );
});
