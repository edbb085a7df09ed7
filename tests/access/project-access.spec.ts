import { test, expect } from '../../fixtures/index.js';
import { CONSOLE, ERRORS, FLOW_EVENTS, PATHS } from '../../contract/kodex.js';
import { scenario } from '../../helpers/checks/scenario.js';

test.describe('project access (P0-3)', () => {
  test(
    "A2 only the run's project members see it, and only writers change it",
    { tag: ['@critical'], annotation: scenario('A2') },
    async ({ webhook, world, waiter, staffAs, staff, realtime, consoleAs }) => {
      // given: a finished run of the world's project
      const { runId } = await webhook.trigger({ issue: world.nextIssue() });
      const run = await waiter.until({ runId }, 'succeeded');

      // when: a staff member who is not in the project reads the run, its events, logs and learning feedback
      const outsider = await staffAs({ email: world.outsider.email });
      // then: each answers kodex's 403 body, never the run
      for (const read of await outsider.runReads(run.id)) {
        expect(read.status, `${read.what}: a staff member not in the run's project gets 403`).toBe(403);
        expect(read.body, `${read.what}: kodex's body for a staff member not in the run's project`).toEqual(
          ERRORS.projectAccessRequired,
        );
      }
      const outsiderCancel = await outsider.cancelRunResponse(run.id);
      expect(outsiderCancel.status(), "cancel: a staff member not in the run's project gets 403").toBe(403);
      expect(await outsiderCancel.json()).toEqual(ERRORS.projectAccessRequired);
      // and: the run's realtime socket sends kodex's error instead of a snapshot
      const first = JSON.parse(await realtime(PATHS.runRealtime(run.id), { email: world.outsider.email }));
      expect(first, 'the run realtime socket refuses a staff member not in the project').toMatchObject({
        type: 'error',
      });
      expect(first.message, 'the run realtime socket refuses with kodex reason').toContain(
        ERRORS.projectAccessRequired.message,
      );
      expect(JSON.stringify(first), 'the run realtime socket refuses: none of the run leaks').not.toContain(
        run.correlation_id,
      );

      // and: a read member reads the run but may not cancel it
      const viewer = await staffAs({ email: world.viewer.email });
      for (const read of await viewer.runReads(run.id))
        expect(read.status, `${read.what}: a read member of the project reads the run`).toBe(200);
      const refused = await viewer.cancelRunResponse(run.id);
      expect(refused.status(), 'a read member may not cancel a run: 403').toBe(403);
      expect(await refused.json(), 'a read member may not cancel a run: kodex body').toEqual(
        ERRORS.projectWriteAccessRequired,
      );
      // and: a platform admin may (the run is already terminal, so it stays as it ended)
      const allowed = await staff.cancelRunResponse(run.id);
      expect(allowed.status(), 'a platform admin may cancel a run').toBe(200);
      expect(await allowed.json()).toMatchObject({
        run_id: run.id,
        already_terminal: true,
        current_status: 'succeeded',
      });

      // and: the console shows the outsider kodex's access message on Run Details, never the run's data
      const details = (await consoleAs({ email: world.outsider.email })).runDetails;
      await details.open(run.id);
      await expect(
        details.alertWith(CONSOLE.errors.forbidden),
        "the console's access message for another project's run",
      ).toBeVisible();
      await expect(details.value(run.correlation_id), "the run's correlation_id is not shown").toHaveCount(0);
      await expect(details.flowEvent(FLOW_EVENTS.runStarted), "the run's flow events are not shown").toHaveCount(0);
      await expect(details.statusChip('succeeded'), "the run's status is not shown").toHaveCount(0);
    },
  );
});
