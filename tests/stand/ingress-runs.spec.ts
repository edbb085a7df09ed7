/** Which runs the stand's webhook starts, as kodex's domain does: QA, reviewer, discussion, revise, deploy, learning mode. */
import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS, IGNORE_REASONS, INGEST_STATUS, WEBHOOK_ACTOR_ID } from '../../contract/kodex.js';
import { REVIEW_FLOW_EVENTS, TRIGGER_IGNORE_REASONS, reviewerCorrelationId } from '../../contract/triggers.js';
import { issueComment, pullRequestLabeled, pullRequestReview, push } from '../../helpers/clients/payloads.js';
import type { DeliveryResult } from '../../helpers/clients/webhook-sender.js';
import { expectIgnored, runOf } from './ingress-expect.js';

test('run:qa needs an earlier candidate run on the issue', async ({ webhook, world, db }) => {
  const res = await webhook.send({
    event: 'issues',
    body: webhook.triggerBody({ issue: world.nextIssue(), label: 'run:qa' }),
  });
  const p = await expectIgnored(db, res, TRIGGER_IGNORE_REASONS.candidateNotFound);
  expect(p).toMatchObject({ suggested_labels: ['run:dev', 'run:dev:revise'], run_kind: 'qa' });
});

test('need:reviewer on a PR starts one reviewer run per label event, across deliveries', async ({
  webhook,
  world,
  db,
}) => {
  const body = pullRequestLabeled({
    repo: world.repo,
    prNumber: world.nextIssue(),
    label: 'need:reviewer',
    updatedAt: '2026-01-02T03:04:05+01:00',
    sender: world.sender.login,
  });
  const first = await webhook.send({ event: 'pull_request', body });
  const expected = reviewerCorrelationId({
    repoFullName: `${world.repo.owner}/${world.repo.name}`,
    prNumber: body.pull_request.number,
    action: 'labeled',
    label: 'need:reviewer',
    updatedAt: '2026-01-02T02:04:05Z',
  });
  expect(first.json.correlation_id, 'correlation pr-label-reviewer-<uuid v5>').toBe(expected);
  const p = await runOf(db, first, 'need:reviewer');
  expect(p.agent.key).toBe('reviewer');
  expect(p.trigger).toEqual({ source: 'pull_request_label', label: 'need:reviewer', kind: 'dev' });
  expect(p.pull_request).toMatchObject({ number: body.pull_request.number });
  const again = await webhook.send({ event: 'pull_request', body });
  expect(again.deliveryId).not.toBe(first.deliveryId);
  expect(again.json, 'another delivery of the same label event is a duplicate').toEqual({
    correlation_id: expected,
    run_id: first.json.run_id,
    status: INGEST_STATUS.duplicate,
    duplicate: true,
  });
  const relabeled = await webhook.send({
    event: 'pull_request',
    body: { ...body, pull_request: { ...body.pull_request, updated_at: '2026-01-02T03:09:00Z' } },
  });
  expect(relabeled.json.correlation_id, 'a later label event (new updated_at) has its own correlation').not.toBe(
    expected,
  );
  expect(relabeled.status, 'a later label event starts a new reviewer run').toBe(202);
});

test('mode:discussion label and comments start code-only discussion runs', async ({ webhook, world, db }) => {
  const labeled = await webhook.send({
    event: 'issues',
    body: webhook.triggerBody({ issue: world.nextIssue(), label: 'mode:discussion' }),
  });
  const p = await runOf(db, labeled, 'mode:discussion');
  expect(p).toMatchObject({
    discussion_mode: true,
    trigger: { source: 'issue_label', label: 'mode:discussion', kind: 'dev' },
    runtime: { mode: 'code-only', source: 'discussion_mode' },
  });
  const comment = await webhook.send({
    event: 'issue_comment',
    body: issueComment({
      repo: world.repo,
      issueNumber: world.nextIssue(),
      labels: ['mode:discussion', 'run:plan'],
      sender: world.sender.login,
    }),
  });
  expect((await runOf(db, comment, 'discussion comment')).trigger).toEqual({
    source: 'issue_comment',
    label: 'mode:discussion',
    kind: 'plan',
  });
  const bot = await webhook.send({
    event: 'issue_comment',
    body: issueComment({
      repo: world.repo,
      issueNumber: world.nextIssue(),
      labels: ['mode:discussion'],
      sender: 'some-bot',
      senderType: 'Bot',
    }),
  });
  expect(bot.json, 'a bot comment is received without a run').toMatchObject({
    status: INGEST_STATUS.accepted,
    run_id: '',
  });
  const conflict = await webhook.send({
    event: 'issues',
    body: webhook.triggerBody({
      issue: world.nextIssue(),
      label: 'mode:discussion',
      otherLabels: ['run:dev', 'run:qa'],
    }),
  });
  await expectIgnored(db, conflict, TRIGGER_IGNORE_REASONS.discussionConflict);
});

test('no second discussion run while one is active on the issue', async ({ webhook, world, db, waiter }) => {
  // a discussion run held running for a few seconds by the gate agent (its issue's outcome label)
  const agentIssue = await world.issue({ durationMs: 4000 });
  const issue = agentIssue.number;
  const labels = ['mode:discussion', ...agentIssue.labels];
  const discussionLabeled = () => webhook.triggerBody({ issue, label: labels[0], otherLabels: labels.slice(1) });
  const first = await webhook.send({ event: 'issues', body: discussionLabeled() });
  await runOf(db, first, 'first discussion run');
  const comment = await webhook.send({
    event: 'issue_comment',
    body: issueComment({ repo: world.repo, issueNumber: issue, labels, sender: world.sender.login }),
  });
  const relabel = await webhook.send({ event: 'issues', body: discussionLabeled() });
  expect((await db.runById(first.json.run_id))?.status, 'the first run was still active').toMatch(/pending|running/);
  expect(comment.json, 'a comment during an active discussion run is received without a run').toMatchObject({
    status: INGEST_STATUS.accepted,
    run_id: '',
  });
  await expectIgnored(db, relabel, IGNORE_REASONS.notTriggerLabel);
  await waiter.until({ runId: first.json.run_id }, 'succeeded');
});

test('learning mode at ingest: the project default, unless the member overrides it', async ({
  webhook,
  world,
  db,
  staff,
}) => {
  const sender = await db.userByEmail(world.sender.email!);
  const learningOf = async (what: string) => {
    const res = await webhook.send({ event: 'issues', body: webhook.triggerBody({ issue: world.nextIssue() }) });
    const payloadMode = (await runOf(db, res, what)).learning_mode;
    expect(
      (await db.runById(res.json.run_id))?.learning_mode,
      `${what}: agent_runs.learning_mode matches the payload`,
    ).toBe(payloadMode);
    return payloadMode;
  };
  await db.setProjectLearningDefault(world.projectId, true);
  try {
    expect(await learningOf('project default on'), 'the project default applies').toBe(true);
    await staff.setLearningOverride(world.projectId, sender!.id, false);
    expect(await learningOf('member override off'), "the member's override wins").toBe(false);
  } finally {
    await staff.setLearningOverride(world.projectId, sender!.id, null);
    await db.setProjectLearningDefault(world.projectId, false);
  }
});

test('changes requested on a PR starts the stage revise run', async ({ webhook, world, db }) => {
  const review = (prLabels: string[], state = 'changes_requested') =>
    webhook.send({
      event: 'pull_request_review',
      body: pullRequestReview({
        repo: world.repo,
        prNumber: world.nextIssue(),
        state,
        prLabels,
        sender: world.sender.login,
      }),
    });
  const res = await review(['run:qa']);
  expect((await runOf(db, res, 'changes_requested')).trigger).toEqual({
    source: 'pull_request_review',
    label: 'run:qa:revise',
    kind: 'qa_revise',
  });
  // The ingest's own events (a worker may already have claimed the run and written its own)
  const types = (await db.flowEvents(res.deliveryId))
    .filter((e) => e.actor_id === WEBHOOK_ACTOR_ID)
    .map((e) => e.event_type);
  expect(types, "the ingest's flow events of the review").toEqual([
    REVIEW_FLOW_EVENTS.changesRequested,
    REVIEW_FLOW_EVENTS.stageResolved,
    FLOW_EVENTS.webhookReceived,
  ]);
  await expectIgnoredAfterReview(await review([]), TRIGGER_IGNORE_REASONS.reviewStageNotResolved);
  await expectIgnoredAfterReview(await review(['run:dev', 'run:qa']), TRIGGER_IGNORE_REASONS.reviewStageAmbiguous);
  expect((await review(['run:qa'], 'approved')).json, 'an approval is received without a run').toMatchObject({
    status: INGEST_STATUS.accepted,
    run_id: '',
  });
  async function expectIgnoredAfterReview(r: DeliveryResult, reason: string) {
    expect(r.json, reason).toMatchObject({ status: INGEST_STATUS.ignored });
    const ignored = (await db.flowEvents(r.deliveryId)).filter((e) => e.event_type === FLOW_EVENTS.webhookIgnored);
    expect(
      ignored.map((e) => e.payload.reason),
      reason,
    ).toEqual([reason]);
  }
});

test('push to main on a bound repository starts a deploy-only run', async ({ webhook, world, db }) => {
  const sha = 'a'.repeat(40);
  const main = await webhook.send({
    event: 'push',
    body: push({ repo: world.repo, ref: 'refs/heads/main', after: sha, sender: world.sender.login }),
  });
  const p = await runOf(db, main, 'push main');
  expect(p.runtime).toMatchObject({
    mode: 'full-env',
    source: 'push_main',
    deploy_only: true,
    build_ref: sha,
    target_env: 'production',
  });
  expect(p.trigger, 'a push run has no trigger').toBeUndefined();
  const unbound = await webhook.send({
    event: 'push',
    body: push({
      repo: { id: 3, owner: 'nobody', name: 'unbound' },
      ref: 'refs/heads/master',
      after: sha,
      sender: world.sender.login,
    }),
  });
  await expectIgnored(db, unbound, TRIGGER_IGNORE_REASONS.pushMainNotBound);
  for (const [ref, after] of [
    ['refs/heads/feature', sha],
    ['refs/heads/main', '0'.repeat(40)],
  ]) {
    const res = await webhook.send({
      event: 'push',
      body: push({ repo: world.repo, ref, after, sender: world.sender.login }),
    });
    expect(res.json, `${ref} ${after.slice(0, 4)}: received without a run`).toMatchObject({
      status: INGEST_STATUS.accepted,
      run_id: '',
    });
  }
});
