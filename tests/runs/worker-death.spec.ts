import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS } from '../../contract/kodex.js';
import { scenario } from '../../helpers/checks/scenario.js';

test.describe('a worker dies mid-run (P0-2, NFR-002)', () => {
  test(
    'R5 another worker reclaims the run of a dead worker, and no slot leaks',
    { tag: ['@critical'], annotation: scenario('R5') },
    async ({ gate, webhook, world, db, kube, waiter }) => {
      test.skip(!world.realIssues, `${world.fabricatedWhy}: R5 cannot hold a run in running while its worker dies`);
      // given: a run held running (its gate agent waits for the scenario's release), its lease held by a live worker
      // pod, its slot leased
      const issue = await world.issue({ hold: true, durationMs: gate.runTimeoutMs });
      const { runId } = await webhook.trigger({ issue: issue.number, otherLabels: issue.labels });
      const running = await waiter.until({ runId }, 'running');
      // and: its Job launched (run.started: kodex marks a run running before its worker launches the Job)
      await waiter.eventsOnce(running.correlation_id, FLOW_EVENTS.runStarted);
      const dead = running.lease_owner!;
      expect(dead, 'the running run has a lease owner').toBeTruthy();
      expect(await kube.workerPods(gate.workerNamespace), `the lease owner ${dead} is a worker pod`).toContain(dead);
      const held = await db.slotsLeasedBy(running.id);
      expect(held, 'the running run holds one leased slot').toHaveLength(1);

      // when: that worker dies (its pod is deleted without a grace period)
      await kube.killWorkerPod(gate.workerNamespace, dead);

      // then: another worker reclaims the run, as kodex's stale-lease recovery does
      const reclaimers = async () =>
        (await db.flowEvents(running.correlation_id))
          .filter((e) => e.event_type === FLOW_EVENTS.runReclaimed)
          .map((e) => String(e.payload.worker_id ?? ''));
      await expect
        .poll(async () => (await reclaimers()).length, {
          message: `another worker reclaims the run of the dead worker ${dead} (${FLOW_EVENTS.runReclaimed})`,
          timeout: gate.runTimeoutMs,
        })
        .toBeGreaterThan(0);
      const [by] = await reclaimers();
      expect(by, 'another worker reclaims the run: a live worker, not the dead one').toMatch(/\S/);
      expect(by, 'another worker reclaims the run: a live worker, not the dead one').not.toBe(dead);
      // and: once released, the run ends with its Job's outcome, started once, its lease released once and reclaimed
      // once in between. kodex writes the released events after the releasing sweep commits and the reclaiming worker
      // writes its own (service_lease_recovery.go): the two may land in either order, so each is checked on its own.
      await issue.release();
      const done = await waiter.until({ runId }, 'succeeded');
      const events = await waiter.eventsOnce(done.correlation_id, FLOW_EVENTS.runSucceeded);
      expect(events, 'started once, its lease released once, then ended').toHaveFlowEvents([
        FLOW_EVENTS.runStarted,
        FLOW_EVENTS.runLeaseReleased,
        FLOW_EVENTS.runSucceeded,
      ]);
      expect(events, 'started once, reclaimed once by another worker, then ended').toHaveFlowEvents([
        FLOW_EVENTS.runStarted,
        FLOW_EVENTS.runReclaimed,
        FLOW_EVENTS.runSucceeded,
      ]);
      const released = events.find((e) => e.event_type === FLOW_EVENTS.runLeaseReleased)!;
      expect(released.payload.previous_lease_owner, 'the released lease was the dead worker’s').toBe(dead);
      const ended = events.find((e) => e.event_type === FLOW_EVENTS.runSucceeded)!;
      expect(ended.actor_id, 'a live worker finished the run').not.toBe(dead);
      expect(await kube.jobsOfRun(done.id), 'the run kept its one Job').toHaveLength(1);

      // and: the slot is free again, and nothing in the project leaks
      expect(
        await db.slotById(held[0].id),
        'the slot the run held is free again or leased by another run',
      ).toBeReleasedBy(done.id);
      expect(await db.slotsLeasedBy(done.id), 'the reclaimed run holds no slot after it ended').toHaveLength(0);
      expect(await db.leakedSlots(world.projectId), 'no non-free slot belongs to a terminal run').toHaveLength(0);
    },
  );
});
