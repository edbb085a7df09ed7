import { test, expect } from '../../fixtures/index.js';
import {
  awaitBurst,
  burstOf,
  deliveriesNotAcceptedOnce,
  fire,
  issuesWithoutOneRun,
  lateOrFailedAnswers,
  latencySummary,
  runsNotStartedOnce,
  runsStartedTwice,
  runsWithoutOneJob,
  startsByWorker,
  unfinishedRuns,
} from '../../helpers/checks/burst.js';
import { describeFindings } from '../../helpers/checks/audit.js';
import { scenario } from '../../helpers/checks/scenario.js';
import { watchSlotInvariants } from '../../helpers/checks/slots.js';

const BURST = { size: 50, replayEvery: 5, slots: 10 };

test.describe('multi-pod work sharing (NFR-002)', () => {
  test(
    'N1 a burst of deliveries is shared by the workers, each run claimed once',
    { tag: ['@nfr', '@critical'], annotation: scenario('N1') },
    async ({ gate, webhook, world, db, kube, runsList, notes }, testInfo) => {
      // given: a project of the burst's own where the target allows one (on the stand, with more slots, so the burst
      // does not hold every other scenario behind kodex's oldest-first claim), else the world's
      const project =
        gate.target === 'local' ? await world.throwawayProject('n1') : { id: world.projectId, repo: world.repo };
      if (gate.target === 'local') await db.setProjectSlots(project.id, BURST.slots);
      // and: 50 trigger deliveries for distinct fresh issues, and a replay of every fifth
      const issues = Array.from({ length: BURST.size }, () => world.nextIssue());
      const deliveries = burstOf(webhook, issues, BURST.replayEvery, [], project.repo);
      const since = await db.now();
      // The runs queue behind the project's slots: each wave of `slots` runs gets one run's budget.
      const slots = (await db.slotsSetting(project.id)) ?? gate.slotsPerProject;
      const budgetMs = gate.runTimeoutMs * Math.ceil(BURST.size / slots);
      testInfo.setTimeout(testInfo.timeout + budgetMs);

      // when: all of them arrive at once (the project's slot invariants sampled throughout)
      const slotWatch = watchSlotInvariants((id) => db.slotInvariants(id), project.id);
      const acks = await runsList.during('N1 burst', () => fire(webhook, deliveries));
      const latency = latencySummary(acks);
      await testInfo.attach('acknowledgement-latency', {
        body: JSON.stringify({ ...latency, slots }, null, 2),
        contentType: 'application/json',
      });
      notes.measured(
        `ack latency p50 ${latency.p50_ms} ms, p95 ${latency.p95_ms} ms over ${latency.deliveries} deliveries`,
      );

      // then: every delivery is answered within GitHub's window, accepted once; replays name the same run
      expect(lateOrFailedAnswers(acks), "every delivery is answered 2xx within GitHub's 10 s window").toEqual([]);
      expect(
        deliveriesNotAcceptedOnce(acks),
        'each distinct delivery is accepted once and its replays name the same run',
      ).toEqual([]);

      // and: every run ends, each claimed and started once by one worker, with one Job, and no slot leaks
      const { runs, outcome } = await awaitBurst(() => db.runsOfIssues(project.id, issues, since), BURST.size, {
        budgetMs,
        stallMs: gate.runTimeoutMs,
      });
      const { samples, findings } = await slotWatch.stop();
      expect(findings, `slot invariants held under load (${samples} snapshots): ${describeFindings(findings)}`).toEqual(
        [],
      );
      await testInfo.attach('runs-started-per-worker', {
        body: JSON.stringify(startsByWorker(runs), null, 2),
        contentType: 'application/json',
      });
      expect(runsStartedTwice(runs), 'each run was claimed and started once, by one worker').toEqual([]);
      expect(issuesWithoutOneRun(runs, issues), 'exactly one run per distinct delivery').toEqual([]);
      expect(unfinishedRuns(runs), `every run of the burst ends terminal (${outcome})`).toEqual([]);
      expect(runsNotStartedOnce(runs), 'every run has one run.started').toEqual([]);
      expect(await runsWithoutOneJob(kube, runs), 'one Job per run, by its run-id label').toEqual([]);
      expect(await db.leakedSlots(project.id), 'no slot is left leased by a finished run').toHaveLength(0);
    },
  );
});
