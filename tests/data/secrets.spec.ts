import { test, expect } from '../../fixtures/index.js';
import { issueLabeled } from '../../helpers/payloads.js';
import { scenario } from '../../helpers/scenario.js';
import { SECRET_SHAPES } from '../../helpers/secrets.js';

test('D2 logs, events and feedback hold no secrets', { tag: ['@data'], annotation: scenario('D2') }, async ({ gate, world, webhook, db, staff, waiter }) => {
  // given / when: a run goes through the whole chain
  const res = await webhook.send({ event: 'issues', body: issueLabeled({ repo: world.repo, issueNumber: world.nextIssue(), label: 'run:dev', sender: world.sender.login }) });
  expect(res.status).toBe(202);
  const run = await waiter.until({ runId: res.json.run_id }, 'succeeded');
  // then: none of the platform's secrets appears in what it stored or serves about the run
  const stored = JSON.stringify({
    events: await db.flowEvents(run.correlation_id),
    payload: await db.runPayload(run.id),
    feedback: await db.learningFeedback(run.id),
    api: { run: await staff.run(run.id), events: await staff.runEvents(run.id), logs: await staff.runLogs(run.id) },
  });
  gate.secrets.forEach((secret, i) => {
    expect(stored.includes(secret), `secret #${i + 1} appears in flow_events, run_payload, logs or feedback`).toBe(false);
  });
  // and: nothing shaped like a credential the gate does not know (platform bot / OpenAI tokens, keys)
  const found = SECRET_SHAPES.flatMap(([name, re]) => (stored.match(re) ?? []).map((m) => `${name}: ${m.slice(0, 8)}…`));
  expect(found, 'credential-shaped strings in stored run data').toEqual([]);
});
