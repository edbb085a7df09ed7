/** The stand's trigger rules against kodex's webhook domain (service.go and its tests): labels, senders, payload. */
import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS, IGNORE_REASONS, TRIGGER_CONFLICT_COMMENT_EVENT } from '../../contract/kodex.js';
import { goUtcTimestamp, senderRoleReason, senderTypeReason, uuidV5 } from '../../contract/triggers.js';
import { issueLabeled } from '../../helpers/clients/payloads.js';
import { expectIgnored, runOf } from './ingress-expect.js';

test('uuid v5 and Go timestamps as kodex computes them', () => {
  expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
    '2ed6657d-e927-568b-95e1-2665a8aea6a2',
  );
  expect(goUtcTimestamp('2019-05-15T17:20:35+02:00')).toBe('2019-05-15T15:20:35Z');
  expect(goUtcTimestamp('2019-05-15T15:20:35.500Z')).toBe('2019-05-15T15:20:35.5Z');
  expect(goUtcTimestamp('yesterday')).toBe('yesterday');
});

test('an unknown run:* label is no trigger; label case does not matter', async ({ webhook, world, db }) => {
  const base = { repo: world.repo, sender: world.sender.login };
  const unknown = await webhook.send({
    event: 'issues',
    body: issueLabeled({ ...base, issueNumber: world.nextIssue(), label: 'run:debug' }),
  });
  const p = await expectIgnored(db, unknown, IGNORE_REASONS.notTriggerLabel);
  expect(p, 'ignored payload keys').toMatchObject({
    label: 'run:debug',
    binding_resolved: true,
    source: 'github',
    delivery_id: unknown.deliveryId,
  });
  expect(p.issue, 'the ignored payload names the issue').toMatchObject({
    number: expect.any(Number),
    title: expect.any(String),
    state: expect.any(String),
  });
  expect(p.run_kind, 'no run kind for a non-trigger').toBeUndefined();
  const upper = await webhook.send({
    event: 'issues',
    body: issueLabeled({ ...base, issueNumber: world.nextIssue(), label: 'RUN:DEV' }),
  });
  const payload = await runOf(db, upper, 'RUN:DEV');
  expect(payload.trigger).toEqual({ source: 'issue_label', label: 'RUN:DEV', kind: 'dev' });
});

test('the label conflict is checked before the binding and the sender', async ({ webhook, world, db }) => {
  const two = { issueNumber: 0, label: 'run:dev', otherLabels: ['Run:QA', 'bug'] };
  const cases = [
    {
      name: 'unbound repository',
      body: issueLabeled({
        ...two,
        issueNumber: world.nextIssue(),
        repo: { id: 1, owner: 'nobody', name: 'unbound' },
        sender: world.sender.login,
      }),
    },
    {
      name: 'bot sender',
      body: issueLabeled({
        ...two,
        issueNumber: world.nextIssue(),
        repo: world.repo,
        sender: world.sender.login,
        senderType: 'Bot',
      }),
    },
  ];
  for (const c of cases) {
    const sent = await webhook.send({ event: 'issues', body: c.body });
    const p = await expectIgnored(db, sent, IGNORE_REASONS.labelConflict);
    expect(p, c.name).toMatchObject({ conflicting_labels: ['run:dev', 'run:qa'], run_kind: 'dev' });
    // and: the control plane records its conflict comment, with no run (a run-less run.* event D1 carves out)
    const comment = (await db.flowEvents(sent.deliveryId)).find((e) => e.event_type === TRIGGER_CONFLICT_COMMENT_EVENT);
    expect(comment?.payload, `${c.name}: ${TRIGGER_CONFLICT_COMMENT_EVENT}`).toMatchObject({
      trigger_label: 'run:dev',
      conflicting_labels: ['run:dev', 'run:qa'],
    });
  }
});

test('sender rules: type compared case-insensitively, role and membership', async ({ webhook, world, db }) => {
  const viewerLogin = `${world.marker}-viewer`;
  await db.setGithubLogin(world.viewer.id, viewerLogin);
  const base = { repo: world.repo, label: 'run:dev', sender: world.sender.login };
  const cases = [
    { reason: senderTypeReason('bot'), senderType: 'bot' },
    { reason: 'sender_type_bot_not_permitted', senderType: 'BOT' },
    { reason: 'sender_type_organization_not_permitted', senderType: 'Organization' },
    { reason: IGNORE_REASONS.senderNotAllowed, sender: 'stranger-kodex-gate' },
    { reason: senderRoleReason('read'), sender: viewerLogin },
    { reason: IGNORE_REASONS.senderLoginMissing, sender: '' },
  ];
  for (const c of cases) {
    const body = issueLabeled({
      ...base,
      issueNumber: world.nextIssue(),
      sender: c.sender ?? base.sender,
      senderType: c.senderType,
    });
    const p = await expectIgnored(db, await webhook.send({ event: 'issues', body }), c.reason);
    expect(p.run_kind, c.reason).toBe('dev');
  }
  const unbound = issueLabeled({
    ...base,
    issueNumber: world.nextIssue(),
    repo: { id: 2, owner: 'nobody', name: 'unbound' },
  });
  expect(
    (await expectIgnored(db, await webhook.send({ event: 'issues', body: unbound }), IGNORE_REASONS.repoNotBound))
      .binding_resolved,
  ).toBe(false);
});

test('run payload and webhook.received keys as kodex writes them', async ({ webhook, world, db }) => {
  const res = await webhook.send({ event: 'issues', body: webhook.triggerBody({ issue: world.nextIssue() }) });
  const p = await runOf(db, res, 'run:dev');
  for (const key of [
    'source',
    'delivery_id',
    'event_type',
    'received_at',
    'repository',
    'installation',
    'sender',
    'action',
    'raw_payload',
    'correlation_id',
    'project',
    'learning_mode',
    'agent',
    'issue',
    'trigger',
    'runtime',
  ]) {
    expect(p, `run_payload.${key}`).toHaveProperty(key);
  }
  expect(p.project).toMatchObject({ id: world.projectId, binding_resolved: true, services_yaml: 'services.yaml' });
  expect(p.agent).toMatchObject({ key: 'dev', name: 'Developer' });
  expect(p.runtime).toMatchObject({
    mode: 'full-env',
    source: 'trigger_default',
    target_env: 'ai',
    access_profile: 'candidate',
  });
  const received = (await db.flowEvents(res.deliveryId)).find((e) => e.event_type === FLOW_EVENTS.webhookReceived)!;
  expect(received.payload).toMatchObject({
    inserted: true,
    run_id: res.json.run_id,
    label: 'run:dev',
    run_kind: 'dev',
    correlation_id: res.deliveryId,
  });
});
