import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS } from '../../contract/kodex.js';
import { issueLabeled } from '../../helpers/payloads.js';

/** The stand's worker transitions beyond the gate scenarios, and the run waiter's early stop. */
test.describe('stand worker', () => {
  const trigger = async (webhook: any, world: any, steering: string) => {
    const res = await webhook.send({ event: 'issues', body: issueLabeled({ repo: world.repo, issueNumber: world.nextIssue(), label: 'run:dev', otherLabels: [steering], sender: world.sender.login }) });
    expect(res.status).toBe(202);
    return res.json.run_id as string;
  };

  test('an image pull back-off fails the run, and the waiter stops early saying so', async ({ webhook, world, waiter, db }) => {
    const runId = await trigger(webhook, world, 'kodex-gate:job-outcome=image-pull-backoff');
    const started = Date.now();
    await expect(waiter.until({ runId }, 'succeeded', 30_000), 'the waiter gives up at once on a stuck pod or a failed run')
      .rejects.toThrow(/ImagePullBackOff|ended "failed"/);
    expect(Date.now() - started, 'well before its 30 s bound').toBeLessThan(15_000);
    const run = await waiter.until({ runId }, 'failed');
    expect((await waiter.eventsOnce(run.correlation_id, FLOW_EVENTS.runFailed)).map((e) => e.event_type)).toContain(FLOW_EVENTS.runFailed);
    expect(await db.slotsLeasedBy(runId), 'the failed run released its slot').toHaveLength(0);
  });

  test('a staff cancel stops a hanging run, frees its slot and deletes its Job', async ({ webhook, world, waiter, db, kube, staff }) => {
    const runId = await trigger(webhook, world, 'kodex-gate:job-outcome=hang');
    await waiter.until({ runId }, 'running');
    await expect.poll(async () => (await kube.jobsOfRun(runId)).length, { message: 'the hanging run has its Job' }).toBe(1);
    const res = await staff.http.post(`/api/v1/staff/runs/${runId}/cancel`, { data: {} });
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ run_id: runId, action: 'cancel', previous_status: 'running', current_status: 'canceled', already_terminal: false, job_stopped: true });
    expect((await db.runById(runId))?.status).toBe('canceled');
    expect(await db.slotsLeasedBy(runId), 'the canceled run released its slot').toHaveLength(0);
    await expect.poll(async () => (await kube.jobsOfRun(runId)).length, { message: 'the canceled run\'s Job is deleted' }).toBe(0);
  });
});
