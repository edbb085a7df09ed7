import type { TestInfo } from '@playwright/test';
import { test, expect } from '../../fixtures/index.js';
import {
  type Ack,
  awaitBurst,
  burstOf,
  deliveriesNotAcceptedOnce,
  fire,
  issuesWithoutOneRun,
  JobTally,
  lateOrFailedAnswers,
  latencySummary,
  runsNotStartedOnce,
  runsStartedTwice,
  startsByWorker,
  unfinishedRuns,
} from '../../helpers/checks/burst.js';
import { describeFindings } from '../../helpers/checks/audit.js';
import { scenario } from '../../helpers/checks/scenario.js';
import { watchSlotInvariants } from '../../helpers/checks/slots.js';
import type { Notes } from '../../helpers/runner/notes.js';

/**
 * As many deliveries as the project has free slots (at most 50; on the stand a project of 16 slots), never fewer
 * than 2 runs, so two workers can share them, and a replay of every fifth.
 */
const BURST = { size: 50, minSize: 2, replayEvery: 5, standSlots: 16 };

/** The burst's acknowledgement latency (p50, p95), attached and noted as measured. */
async function recordLatency(testInfo: TestInfo, notes: Notes, acks: Ack[], free: number) {
  const latency = latencySummary(acks);
  await testInfo.attach('acknowledgement-latency', {
    body: JSON.stringify({ ...latency, free_slots: free }, null, 2),
    contentType: 'application/json',
  });
  notes.measured(
    `ack latency p50 ${latency.p50_ms} ms, p95 ${latency.p95_ms} ms over ${latency.deliveries} deliveries`,
  );
}

test.describe('multi-pod work sharing (NFR-002)', () => {
  test(
    'N1 a burst of deliveries is shared by the workers, each run claimed once',
    { tag: ['@nfr', '@critical'], annotation: scenario('N1') },
    async ({ gate, webhook, world, db, kube, runsList, setup, notes }, testInfo) => {
      // given: a project for the burst (on the stand one of its own, elsewhere the bound one), the burst sized to its
      // free slots: kodex claims the oldest pending run first, so a run left waiting for a slot would hold every other
      // scenario's and tenant's runs behind it
      const { size, free, ...project } = await setup.burstProject('n1', {
        size: BURST.size,
        minSize: BURST.minSize,
        slots: BURST.standSlots,
        defaultSlots: gate.slotsPerProject,
      });
      notes.measured(
        `burst size ${size} runs (${free} slots free in the project${size > free ? '; the rest wait for a slot' : ''})`,
      );
      // and: a trigger delivery for each of `size` fresh issues, and a replay of every fifth
      const issues = Array.from({ length: size }, () => world.nextIssue());
      const deliveries = burstOf(webhook, issues, BURST.replayEvery, [], project.repo);
      const since = await db.now();
      // The wait's bound: a run timeout per wave of runs the free slots take at once (one wave when the burst fits),
      // and two more for the first and the last.
      const budgetMs = gate.runTimeoutMs * (Math.ceil(size / Math.max(1, free)) + 2);
      testInfo.setTimeout(testInfo.timeout + budgetMs);
      const jobs = new JobTally(kube, project.id);

      // when: all of them arrive at once (the project's slot invariants sampled throughout)
      // Bound: the burst's budget, and a run timeout on either side for the deliveries and the last look.
      const slotWatch = watchSlotInvariants(
        (id) => db.slotInvariants(id),
        project.id,
        budgetMs + 2 * gate.runTimeoutMs,
      );
      await runsList.hold('N1 burst');
      const acks = await fire(webhook, deliveries);
      await runsList.release();
      await recordLatency(testInfo, notes, acks, free);

      // then: every delivery is answered within GitHub's window, accepted once; replays name the same run
      expect(lateOrFailedAnswers(acks), "every delivery is answered 2xx within GitHub's 10 s window").toEqual([]);
      expect(
        deliveriesNotAcceptedOnce(acks),
        'each distinct delivery is accepted once and its replays name the same run',
      ).toEqual([]);

      // and: every run ends, each claimed and started once by one worker, with one Job, and no slot leaks
      const { runs, outcome } = await awaitBurst(() => db.runsOfIssues(project.id, issues, since), size, {
        budgetMs,
        // All of the burst's Jobs start at once, so its first run may end later than one run alone would.
        stallMs: 3 * gate.runTimeoutMs,
        eachLook: () => jobs.look(),
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
      expect(jobs.runsWithoutOneJob(runs), 'one Job per run, by its run-id label, counted while the burst ran').toEqual(
        [],
      );
      expect(await db.leakedSlots(project.id), 'no slot is left leased by a finished run').toHaveLength(0);
      // (the slot-invariant check of the jobspec change goes here)
    },
  );
});
