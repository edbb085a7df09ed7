import { test, expect } from '../../fixtures/index.js';
import { LEARNING_FEEDBACK } from '../../contract/kodex.js';
import { scenario } from '../../helpers/checks/scenario.js';

/** Project default × member override (contract §6): the override wins when it is set. */
const COMBINATIONS = [
  { projectDefault: false, override: null, learning: false },
  { projectDefault: true, override: false, learning: false },
  { projectDefault: true, override: null, learning: true },
  { projectDefault: false, override: true, learning: true },
] as const;

test(
  'P3 learning mode: project default and member override, one feedback row naming the Job of this run',
  { tag: ['@critical', '@p1'], annotation: scenario('P3') },
  async ({ gate, webhook, world, db, staff, kube, waiter, setup }) => {
    const senderId = await setup.senderId();
    // kodex resolves a run's learning mode when its delivery is ingested, so each combination is set, then its run
    // triggered; they go in groups of the project's slots (kodex's default 2), so none waits pending for a slot, and
    // those without learning first, so their feedback would have been written before the others even start
    const runs = [];
    for (let i = 0; i < COMBINATIONS.length; i += gate.slotsPerProject) {
      const triggered = [];
      for (const c of COMBINATIONS.slice(i, i + gate.slotsPerProject)) {
        // given: the project default (no API sets it: contract §6) and the member's override
        await setup.learningDefault(c.projectDefault);
        await setup.learningOverride(senderId, c.override);
        // when: a run is triggered
        const { runId } = await webhook.trigger({ issue: world.nextIssue() });
        triggered.push({ runId, c, label: `project default ${c.projectDefault}, override ${c.override}` });
      }
      // and: ends
      for (const { runId, c, label } of triggered) {
        const run = await waiter.until({ runId }, 'succeeded');
        await waiter.eventsOnce(run.correlation_id, 'run.succeeded');
        expect(run.learning_mode, `learning mode with ${label}`).toBe(c.learning);
        runs.push({ run, c, label });
      }
    }
    for (const { run, label } of runs.filter((r) => r.c.learning)) {
      // then: exactly one inline row with the contract's text, naming this run's Job as Kubernetes has it
      await expect
        .poll(async () => (await db.learningFeedback(run.id)).length, {
          message: `learning feedback is written for the run with ${label}`,
          timeout: gate.runTimeoutMs,
        })
        .toBeGreaterThan(0);
      const [job] = await kube.jobsOfRun(run.id);
      expect(job, `the Job of run ${run.id} in Kubernetes`).toBeDefined();
      const expected = LEARNING_FEEDBACK.text('succeeded', job.metadata!.namespace!, job.metadata!.name!);
      const rows = await db.learningFeedback(run.id);
      expect(
        rows.map((r) => r.kind),
        `one inline learning_feedback row for the run with ${label}`,
      ).toEqual(['inline']);
      expect(rows[0].explanation, "the feedback text names this run's Job").toBe(expected);
      const api = (await staff.learningFeedback(run.id)).items;
      expect(
        api.map((i) => i.explanation),
        "the API's feedback route lists the same row",
      ).toEqual([expected]);
    }
    // and: no feedback for the runs without learning mode, now well past where it would have been written
    for (const { run, label } of runs.filter((r) => !r.c.learning)) {
      expect(await db.learningFeedback(run.id), `no learning feedback with ${label}`).toHaveLength(0);
      expect((await staff.learningFeedback(run.id)).items, `the API lists no feedback with ${label}`).toHaveLength(0);
    }
  },
);
