import { test, expect } from '../../fixtures/index.js';
import { describeFindings } from '../../helpers/checks/audit.js';
import { scenario } from '../../helpers/checks/scenario.js';
import { ThrowawayProject } from '../../helpers/checks/throwaway-project.js';

test(
  'D1 platform-wide consistency audit: no FK violation, orphan row or broken run/slot invariant',
  {
    tag: ['@data', '@critical', '@readonly'],
    annotation: scenario('D1'),
  },
  async ({ db, notes }) => {
    // given: the platform database as it is, every project's rows the gate's role may read, in one read-only snapshot
    const { findings, notReadable } = await db.audit();
    await test.info().attach('consistency-audit.txt', { body: describeFindings(findings), contentType: 'text/plain' });
    // and: what the role may not read is named (runbook step 4 grants what D1 reads)
    for (const gap of notReadable) notes.notChecked(gap);
    // then: no row breaks a relation (declared or forgotten) or a run/slot invariant
    expect(findings, describeFindings(findings)).toEqual([]);
  },
);

test(
  'D4 a deleted project takes its runs and run flow events with it',
  { tag: ['@data'], annotation: scenario('D4') },
  async ({ gate, world, staff, webhook, db, kube, waiter }) => {
    test.skip(gate.target !== 'local', 'needs a throwaway project with a bound repository (local stand)');
    // given: a throwaway project with a bound repository, the world's sender as a member, and one finished run
    const scratch = await ThrowawayProject.create(staff, db, kube, `${world.marker}-d4`, world.sender.email!);
    try {
      const run = await webhook.trigger({ issue: world.nextIssue(), repo: scratch.repo });
      const finished = await waiter.until({ runId: run.runId }, 'succeeded');
      await waiter.eventsOnce(finished.correlation_id, 'run.succeeded');
      // when: the project is deleted through the API
      await scratch.delete();
      // then: nothing of its runs remains
      expect(await db.runById(run.runId), 'the run went with its project').toBeUndefined();
      const left = (await db.flowEvents(run.deliveryId))
        .filter((e) => !e.event_type.startsWith('webhook.'))
        .map((e) => e.event_type);
      expect(left, 'its run.* flow events went with the project').toEqual([]);
    } finally {
      await scratch.dispose();
    }
  },
);
