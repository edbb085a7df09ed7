import { test, expect } from '../../fixtures/index.js';
import { CONSOLE, FLOW_EVENTS } from '../../contract/kodex.js';
import type { GateDb, RunRow, SlotRow } from '../../helpers/clients/db.js';
import type { GateKube } from '../../helpers/clients/kube.js';
import { scenario } from '../../helpers/checks/scenario.js';
import type { RunWaiter } from '../../fixtures/run-waiter.js';

/** What kodex's CancelRun leaves behind: canceled, one run.canceled by the staff member, no Job, the slot free. */
async function expectCanceled(
  how: string,
  running: RunRow,
  slot: SlotRow,
  by: string,
  { waiter, kube, db, timeoutMs }: { waiter: RunWaiter; kube: GateKube; db: GateDb; timeoutMs: number },
) {
  const run = await waiter.until({ runId: running.id }, 'canceled');
  expect(run.finished_at, `${how}: finished_at is set`).not.toBeNull();
  expect(run.lease_owner, `${how}: a canceled run holds no lease`).toBeNull();
  const events = await waiter.eventsOnce(run.correlation_id, FLOW_EVENTS.runCanceled);
  expect(events).toHaveFlowEvents([FLOW_EVENTS.runStarted, FLOW_EVENTS.runCanceled]);
  const ended = events.filter((e) => [FLOW_EVENTS.runSucceeded, FLOW_EVENTS.runFailed].includes(e.event_type as any));
  expect(ended, `${how}: the worker does not finish a canceled run again`).toHaveLength(0);
  const canceled = events.find((e) => e.event_type === FLOW_EVENTS.runCanceled)!;
  expect(canceled, `${how}: run.canceled names the staff member who canceled`).toMatchObject({
    actor_type: 'human',
    actor_id: by,
  });
  expect(canceled.payload, `${how}: run.canceled's payload`).toMatchObject({
    run_id: run.id,
    previous_status: 'running',
    current_status: 'canceled',
    requested_by_type: 'staff_user',
  });
  await expect
    .poll(() => kube.jobsOfRun(run.id), { message: `${how}: the canceled run's Job is gone`, timeout: timeoutMs })
    .toHaveLength(0);
  // Released, not necessarily free: kodex leases a freed slot to the next pending run at once (lease_slot.sql).
  expect(await db.slotById(slot.id), `${how}: the canceled run released its slot`).toBeReleasedBy(run.id);
}

test.describe('staff cancel (P0-2)', () => {
  test(
    'R4 a staff cancel ends a running run, its Job and its slot lease',
    { tag: ['@critical'], annotation: scenario('R4') },
    async ({ gate, webhook, world, db, kube, waiter, staff, admin, consoleAs }) => {
      test.skip(!world.realIssues, `${world.fabricatedWhy}: R4 cannot hold a run in running to cancel it`);
      // given: two runs whose gate agents would run for the whole run budget, both running with a leased slot
      const issues = await Promise.all([0, 1].map(() => world.issue({ durationMs: gate.runTimeoutMs })));
      const started = [];
      for (const issue of issues)
        started.push(await webhook.trigger({ issue: issue.number, otherLabels: issue.labels }));
      const [viaApi, viaConsole] = await Promise.all(started.map((s) => waiter.until({ runId: s.runId }, 'running')));
      // and: their Jobs launched (kodex marks a run running before its worker launches the Job)
      await Promise.all([viaApi, viaConsole].map((run) => waiter.untilJob(run.id)));
      const slotOf = async (run: RunRow) => {
        const held = await db.slotsLeasedBy(run.id);
        expect(held, `the running run ${run.id} holds one leased slot`).toHaveLength(1);
        return held[0];
      };
      const checks = { waiter, kube, db, timeoutMs: gate.runTimeoutMs };

      // when: a platform admin cancels the first through the API
      const apiSlot = await slotOf(viaApi);
      const answer = await staff.cancelRunResponse(viaApi.id);
      // then: kodex's answer, and the run, its Job and its slot end as CancelRun leaves them
      expect(answer.status(), 'POST /runs/{id}/cancel answers 200').toBe(200);
      const body = await answer.json();
      expect(body, 'the cancel answer').toMatchObject({
        run_id: viaApi.id,
        previous_status: 'running',
        current_status: 'canceled',
        already_terminal: false,
      });
      expect(body.job_stopped, "the canceled run's Job is gone: the answer says job_stopped").toBe(true);
      await expectCanceled('cancel through the API', viaApi, apiSlot, admin.email.toLowerCase(), checks);

      // when: the admin cancels the second with Stop run on its Run Details page
      const consoleSlot = await slotOf(viaConsole);
      const details = (await consoleAs(admin)).runDetails;
      await details.open(viaConsole.id);
      await details.cancelRun();
      // then: the console says so and shows it canceled, and the run ends as CancelRun leaves it
      await expect(
        details.alertWith(CONSOLE.runDetailsPage.runCanceled),
        'the console confirms the cancel',
      ).toBeVisible();
      await expect(details.statusChip('canceled'), 'the console shows the run canceled').toBeVisible();
      await expectCanceled('cancel through the console', viaConsole, consoleSlot, admin.email.toLowerCase(), checks);
    },
  );
});
