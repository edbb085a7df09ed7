import { test, expect } from '../../fixtures/index.js';
import { TERMINAL_STATUSES } from '../../contract/kodex.js';
import { answersByDelivery, awaitBurst, burstOf, fire, GITHUB_DELIVERY_TIMEOUT_MS, jobsPerRun, latencySummary, startsByWorker } from '../../helpers/burst.js';
import { scenario } from '../../helpers/scenario.js';

const BURST = { size: 50, replayEvery: 5 };

test.describe('multi-pod work sharing (NFR-002)', () => {
  test('N1 a burst of deliveries is shared by the workers, each run claimed once', { tag: ['@nfr', '@critical'], annotation: scenario('N1') }, async ({ gate, webhook, world, db, kube }, testInfo) => {
    // given: 50 trigger deliveries for distinct fresh issues, and a replay of every fifth
    const issues = Array.from({ length: BURST.size }, () => world.nextIssue());
    const deliveries = burstOf(webhook, issues, BURST.replayEvery, gate.fastLabel ? [gate.fastLabel] : []);
    const since = await db.now();
    // The runs queue behind the project's slots: each wave of `slots` runs gets one run's budget.
    const slots = (await db.slotsSetting(world.projectId)) ?? gate.slotsPerProject;
    const budgetMs = gate.runTimeoutMs * Math.ceil(BURST.size / slots);
    testInfo.setTimeout(testInfo.timeout + budgetMs);

    // when: all of them arrive at once
    const acks = await fire(webhook, deliveries);
    const latency = latencySummary(acks);
    await testInfo.attach('acknowledgement-latency', { body: JSON.stringify({ ...latency, slots }, null, 2), contentType: 'application/json' });
    testInfo.annotations.push({ type: 'ack latency', description: `p50 ${latency.p50_ms} ms, p95 ${latency.p95_ms} ms over ${latency.deliveries} deliveries` });

    // then: every delivery is answered within GitHub's window; one accepted answer each, replays duplicate
    const slow = acks.filter((a) => a.ms > GITHUB_DELIVERY_TIMEOUT_MS || ![200, 202].includes(a.status));
    expect(slow.map((a) => `${a.deliveryId} ${a.status} ${Math.round(a.ms)} ms`), 'every delivery is answered 2xx within GitHub\'s 10 s window').toEqual([]);
    const answers = [...answersByDelivery(acks)].filter(([, a]) => a.accepted !== 1 || a.runIds.size !== 1);
    expect(answers.map(([id, a]) => `${id}: ${a.accepted} accepted, runs ${[...a.runIds].join(',')}`),
      'each distinct delivery is accepted once and its replays name the same run').toEqual([]);

    // and: every run ends, each claimed and started once by one worker
    const progress = await awaitBurst(() => db.runsOfIssues(world.projectId, issues, since), BURST.size, { budgetMs, stallMs: gate.runTimeoutMs });
    const byWorker = startsByWorker(progress.runs);
    await testInfo.attach('runs-started-per-worker', { body: JSON.stringify(byWorker, null, 2), contentType: 'application/json' });
    expect(progress.doubleStarted.map((r) => `${r.id} started by ${r.starters.join(' and ')}`), 'each run was claimed and started once, by one worker').toEqual([]);
    const perIssue = issues.map((issue) => progress.runs.filter((r) => r.issue === issue).length);
    expect(perIssue.filter((n) => n !== 1), 'exactly one run per distinct delivery').toEqual([]);
    expect(progress.runs.filter((r) => !TERMINAL_STATUSES.includes(r.status)).map((r) => `${r.id} ${r.status}`),
      `every run of the burst ends terminal (${progress.outcome})`).toEqual([]);
    expect(progress.runs.filter((r) => r.starters.length !== 1).map((r) => r.id), 'every run has one run.started').toEqual([]);
    const jobs = await jobsPerRun(kube, progress.runs.map((r) => r.id));
    expect([...jobs].filter(([, n]) => n !== 1).map(([id, n]) => `${id}: ${n} Jobs`), 'one Job per run, by its run-id label').toEqual([]);
    expect(await db.leakedSlots(world.projectId), 'no slot is left leased by a finished run').toHaveLength(0);
  });
});
