import { test, expect } from '../../fixtures/index.js';
import { LEARNING_FEEDBACK } from '../../contract/kodex.js';
import { issueLabeled } from '../../helpers/payloads.js';
import { scenario } from '../../helpers/scenario.js';

test('L1 learning mode: project default, member override, feedback after the run', { tag: ['@p1'], annotation: scenario('L1') }, async ({ gate, webhook, world, db, staff, waiter }) => {
  test.skip(!world.sender.email, 'needs the fabricated sender (local stand): the override is set on a member we own');
  const senderId = (await db.userByEmail(world.sender.email!))!.id;
  const trigger = async () => {
    const res = await webhook.send({ event: 'issues', body: issueLabeled({ repo: world.repo, issueNumber: world.nextIssue(), label: 'run:dev', sender: world.sender.login }) });
    expect(res.status).toBe(202);
    return waiter.until({ runId: res.json.run_id }, 'succeeded');
  };
  try {
    // given: the project default is on (no API sets it: contract §6), no member override
    await db.setProjectLearningDefault(world.projectId, true);
    await staff.setLearningOverride(world.projectId, senderId, null);
    // when / then: the run is in learning mode and leaves one inline feedback row
    const learning = await trigger();
    expect(learning.learning_mode, 'the project default applies').toBe(true);
    // the platform writes feedback after the run's finish commits
    await expect.poll(async () => (await db.learningFeedback(learning.id)).length, { message: 'learning feedback is written', timeout: gate.runTimeoutMs }).toBe(1);
    const rows = await db.learningFeedback(learning.id);
    expect(rows, 'one learning_feedback row after the run').toHaveLength(1);
    expect(rows[0].kind).toBe('inline');
    expect(rows[0].explanation.startsWith(LEARNING_FEEDBACK.prefix)).toBe(true);
    expect(rows[0].explanation).toMatch(/Result: status=succeeded, job=\S+\/kodex-run-\S+\.$/);
    expect((await staff.learningFeedback(learning.id)).items, 'the API lists it').toHaveLength(1);

    // given: the member's override says false; then it wins over the project default
    await staff.setLearningOverride(world.projectId, senderId, false);
    const plain = await trigger();
    expect(plain.learning_mode, 'the member override wins').toBe(false);
    await waiter.eventsOnce(plain.correlation_id, 'run.succeeded');
    expect(await db.learningFeedback(plain.id), 'no feedback without learning mode').toHaveLength(0);
  } finally {
    await staff.setLearningOverride(world.projectId, senderId, null);
    await db.setProjectLearningDefault(world.projectId, false);
  }
});
