import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS, K8S, RUN_FAILED_REASON } from '../../contract/kodex.js';
import { scenario } from '../../helpers/checks/scenario.js';

test.describe('worker run loop (P0-2): a run that succeeds', () => {
  test(
    'R1 a run is claimed, started and succeeds, with its Job',
    { tag: ['@critical'], annotation: scenario('R1') },
    async ({ gate, webhook, world, kube, waiter, db, staff }) => {
      // given: an issue of the test repository whose agent is to succeed
      const issue = await world.issue({ outcome: 'succeed' });
      // when: the run:dev trigger delivery for it arrives
      const { runId } = await webhook.trigger({ issue: issue.number, otherLabels: issue.labels });
      // then: the run succeeds, with its timestamps in order and no lease left
      const run = await waiter.until({ runId }, 'succeeded');
      expect(run.started_at, 'started_at is set').not.toBeNull();
      expect(run.finished_at, 'finished_at is set').not.toBeNull();
      // Not created_at ≤ started_at: kodex stamps started_at with NOW() of the claim transaction
      // (mark_run_running.sql), which may begin before the ingest transaction that stamps created_at commits.
      expect(run.started_at!.getTime(), 'started_at ≤ finished_at').toBeLessThanOrEqual(run.finished_at!.getTime());
      expect(run.lease_owner, 'a finished run holds no lease').toBeNull();
      const events = await waiter.eventsOnce(run.correlation_id, FLOW_EVENTS.runSucceeded);
      expect(events).toHaveFlowEvents([FLOW_EVENTS.runStarted, FLOW_EVENTS.runSucceeded]);
      const slotNo = events.find((e) => e.event_type === FLOW_EVENTS.runStarted)!.payload.slot_no;

      // and: exactly one Job, found by its run-id label, built as kodex's launcher builds it, and complete
      const jobs = await kube.jobsOfRun(run.id);
      expect(jobs, `one Job labelled ${K8S.labels.runId}=${run.id}`).toHaveLength(1);
      expect(jobs[0]).toBeTheJobOf(run, gate.runJob);
      expect(
        world.runNamespaces(run.id, issue.number, slotNo),
        "the Job lives in the run's namespace as kodex resolves it (per run, or the services.yaml dev slot's)",
      ).toContain(jobs[0].metadata?.namespace);
      expect(jobs[0], 'the Job completed').toHaveJobCondition('Complete');

      // and: the staff API reports what the database holds
      const reported = await staff.run(run.id);
      expect(reported.status, 'the staff API GET /runs/{id} reports the status the database holds').toBe(
        (await db.runById(run.id))!.status,
      );
      expect(reported.finished_at, 'the staff API reports finished_at for a finished run').not.toBeNull();
    },
  );
});

test.describe('worker run loop (P0-2): a run that fails', () => {
  test(
    'R2 a failing Job fails the run and frees its slot, and the console shows it',
    { tag: ['@critical'], annotation: scenario('R2') },
    async ({ webhook, world, kube, db, waiter, consoleAs, admin }) => {
      test.skip(!world.realIssues, `${world.fabricatedWhy}: R2 cannot ask for a failing Job`);
      // given: an issue whose gate agent is to fail with exit code 3
      const issue = await world.issue({ outcome: 'fail', exitCode: 3, log: ['R2 asked for a failing run'] });
      // when: its run is triggered
      const { runId } = await webhook.trigger({ issue: issue.number, otherLabels: issue.labels });
      // then: the run fails with one run.failed, and the Job reports Failed with the agent's exit code
      const run = await waiter.until({ runId }, 'failed');
      expect(run.finished_at, 'finished_at is set').not.toBeNull();
      const events = await waiter.eventsOnce(run.correlation_id, FLOW_EVENTS.runFailed);
      expect(events).toHaveFlowEvents([FLOW_EVENTS.runStarted, FLOW_EVENTS.runFailed]);
      expect(events.find((e) => e.event_type === FLOW_EVENTS.runFailed)!.payload).toMatchObject({
        run_id: run.id,
        status: 'failed',
        reason: RUN_FAILED_REASON,
      });
      const jobs = await kube.jobsOfRun(run.id);
      expect(jobs, 'one Job for the run').toHaveLength(1);
      expect(jobs[0], 'the Job reports Failed').toHaveJobCondition('Failed');
      expect(await kube.exitCodesOfRun(run.id), 'the gate agent exited with the code its issue asked for').toEqual([3]);

      // and: it released its own lease (the slot is free, or already leased to the project's next run)
      const slotNo = events.find((e) => e.event_type === FLOW_EVENTS.runStarted)!.payload.slot_no;
      expect(await db.slotsLeasedBy(run.id), 'the failed run released its slot').toHaveLength(0);
      expect(
        await db.slotOfProject(world.projectId, slotNo),
        `the failed run released its slot: slot ${slotNo} is free or leased by another run`,
      ).toBeReleasedBy(run.id);

      // and: the run details page shows it as failed
      const details = (await consoleAs(admin)).runDetails;
      await details.open(run.id);
      await expect
        .poll(() => details.shownStatus(), {
          message: 'the Run Details page shows the run as failed (its status chip)',
        })
        .toBe('failed');
    },
  );
});

test.describe('worker run loop (P0-2): slot leases', () => {
  test(
    'R3 the slot is leased while running and free after',
    { tag: ['@critical'], annotation: scenario('R3') },
    async ({ gate, webhook, world, db, waiter }) => {
      test.skip(
        !world.realIssues,
        `${world.fabricatedWhy}: R3 cannot hold a run in running long enough to observe its lease`,
      );
      // given: an issue whose gate agent is held running until the scenario releases it (at most a run timeout)
      const issue = await world.issue({ hold: true, durationMs: gate.runTimeoutMs });
      // when: its run is triggered and is running
      const { runId } = await webhook.trigger({ issue: issue.number, otherLabels: issue.labels });
      const running = await waiter.until({ runId }, 'running');
      // then: while held running, it holds exactly one leased slot of its project (status and slots read together)
      let seen = { status: '', slots: [] as any[] };
      await expect
        .poll(
          async () => {
            seen = await db.runWithSlots(running.id);
            return seen.status !== 'running' || seen.slots.length > 0;
          },
          {
            message: 'the running run holds its slot lease',
            timeout: gate.runTimeoutMs,
          },
        )
        .toBe(true);
      expect(
        seen.status,
        'the run was still running when its slots were read (its gate agent was held until the scenario released it)',
      ).toBe('running');
      expect(seen.slots, 'exactly one slot leased by the running run').toHaveLength(1);
      const slot = seen.slots[0];
      expect(slot, "the running run's slot is leased, with lease_until").toMatchObject({
        project_id: world.projectId,
        state: 'leased',
      });
      expect(slot.lease_until, 'a leased slot has lease_until').not.toBeNull();

      // and: once released, it succeeds and no longer holds the slot (free, or leased to the project's next run),
      // nothing leaks, and the run was claimed once
      await issue.release();
      const done = await waiter.until({ runId: running.id }, 'succeeded');
      expect(await db.slotById(slot.id), 'the slot the run held is free again or leased by another run').toBeReleasedBy(
        done.id,
      );
      expect(await db.leakedSlots(world.projectId), 'no non-free slot belongs to a terminal run').toHaveLength(0);
      const events = await waiter.eventsOnce(done.correlation_id, FLOW_EVENTS.runSucceeded);
      expect(events, 'the run was claimed and started once').toHaveFlowEvents([
        FLOW_EVENTS.runStarted,
        FLOW_EVENTS.runSucceeded,
      ]);
    },
  );
});
