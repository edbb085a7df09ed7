import { test, expect } from '@playwright/test';
import { GATE_AGENT, outcomeLabels, planFromLabels, releaseLabels } from '../../contract/gate-agent.mjs';

/** The gate agent's protocol (contract/gate-agent.mjs): the labels the suite asks with, the plan the agent makes. */
test('gate agent plan: outcome labels round-trip into the plan, hold included', () => {
  const cases = [
    { asked: {}, plan: { exitCode: 0, durationMs: 0, hold: false, crashLoop: false } },
    { asked: { outcome: 'fail' as const, exitCode: 7 }, plan: { exitCode: 7, hold: false } },
    { asked: { durationMs: 800 }, plan: { exitCode: 0, durationMs: 800, hold: false } },
    { asked: { hold: true, durationMs: 30_000 }, plan: { exitCode: 0, durationMs: 30_000, hold: true } },
    { asked: { hold: true, outcome: 'fail' as const }, plan: { exitCode: 1, hold: true } },
  ];
  for (const c of cases)
    expect(planFromLabels(outcomeLabels(c.asked)), `the plan for ${JSON.stringify(c.asked)}`).toMatchObject(c.plan);
  expect(outcomeLabels({ hold: true }), 'hold is one label, named in GATE_AGENT.labels').toEqual([
    GATE_AGENT.labels.hold,
  ]);
  expect(outcomeLabels({ hold: false }), 'no hold, no label').toEqual([]);
});

test("gate agent plan: a hold is bounded: by its duration label, else by holdMaxMs, never by the image's default duration", () => {
  const held = planFromLabels([GATE_AGENT.labels.hold], 500);
  expect(held.hold).toBe(true);
  expect(held.durationMs, 'a hold without a duration label ends at holdMaxMs (10 minutes)').toBe(GATE_AGENT.holdMaxMs);
  expect(GATE_AGENT.holdMaxMs).toBe(600_000);
  expect(planFromLabels([GATE_AGENT.labels.durationMs(4_000), GATE_AGENT.labels.hold], 500).durationMs).toBe(4_000);
  expect(planFromLabels([], 500), "an unheld run without a duration label runs the image's default").toMatchObject({
    hold: false,
    durationMs: 500,
  });
});

test('gate agent plan: a crash loop crashes at once, held or not; a look-alike hold label is ignored', () => {
  expect(planFromLabels(outcomeLabels({ outcome: 'crash-loop', hold: true }))).toMatchObject({
    crashLoop: true,
    hold: false,
    exitCode: 1,
  });
  const lookAlike = planFromLabels(['kodex-gate/hold:yes', 'kodex-gate/holding', 'hold']);
  expect(lookAlike.hold, 'only kodex-gate/hold itself holds').toBe(false);
  expect(lookAlike.ignored, 'kodex-gate labels it does not know are listed').toEqual([
    'kodex-gate/hold:yes',
    'kodex-gate/holding',
  ]);
});

test('gate agent plan: a release removes the bound, then the hold: an agent that starts after it runs the default', () => {
  const asked = { hold: true, outcome: 'fail' as const, durationMs: 30_000 };
  const [bound, hold] = releaseLabels(asked);
  expect([bound, hold], 'the duration label, then the hold').toEqual([
    GATE_AGENT.labels.durationMs(30_000),
    GATE_AGENT.labels.hold,
  ]);
  const halfway = outcomeLabels(asked).filter((l) => l !== bound);
  expect(planFromLabels(halfway, 500), 'between the two removals: still held, at most holdMaxMs').toMatchObject({
    hold: true,
    durationMs: GATE_AGENT.holdMaxMs,
  });
  const released = outcomeLabels(asked).filter((l) => !releaseLabels(asked).includes(l));
  expect(planFromLabels(released, 500), 'released: the default duration, the planned exit code').toMatchObject({
    hold: false,
    durationMs: 500,
    exitCode: 1,
  });
  expect(releaseLabels({ hold: true }), 'a hold without a bound: the hold alone').toEqual([GATE_AGENT.labels.hold]);
});
