import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS, IGNORE_REASONS, INGEST_STATUS, TRIGGER_CONFLICT_COMMENT_EVENT } from '../../contract/kodex.js';
import {
  REVIEW_FLOW_EVENTS,
  TRIGGER_IGNORE_REASONS,
  goUtcTimestamp,
  reviewerCorrelationId,
  senderRoleReason,
  senderTypeReason,
  uuidV5,
} from '../../contract/triggers.js';
import {
  issueComment,
  issueLabeled,
  pullRequestLabeled,
  pullRequestReview,
  push,
} from '../../helpers/clients/payloads.js';
import type { GateDb } from '../../helpers/clients/db.js';
import type { DeliveryResult } from '../../helpers/clients/webhook-sender.js';

/** The stand's trigger rules against kodex's webhook domain (service.go and its tests). */
test.describe('stand webhook trigger rules', () => {
  const expectIgnored = async (db: GateDb, res: DeliveryResult, reason: string) => {
    expect(res.status, reason).toBe(200);
    expect(res.json, reason).toMatchObject({ status: INGEST_STATUS.ignored, run_id: '', duplicate: false });
    const events = (await db.flowEvents(res.json.correlation_id)).filter(
      (e) => e.event_type !== TRIGGER_CONFLICT_COMMENT_EVENT,
    );
    expect(
      events.map((e) => [e.event_type, e.payload.reason]),
      reason,
    ).toEqual([[FLOW_EVENTS.webhookIgnored, reason]]);
    return events[0].payload;
  };
  const runOf = async (db: GateDb, res: DeliveryResult, what: string) => {
    expect(res.status, `${what}: 202 (${JSON.stringify(res.json)})`).toBe(202);
    expect(res.json.run_id, `${what}: a run`).toMatch(/^[0-9a-f-]{36}$/);
    return db.runPayload(res.json.run_id);
  };

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
      const comment = (await db.flowEvents(sent.deliveryId)).find(
        (e) => e.event_type === TRIGGER_CONFLICT_COMMENT_EVENT,
      );
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
      body: issueLabeled({
        repo: world.repo,
        issueNumber: world.nextIssue(),
        label: 'mode:discussion',
        sender: world.sender.login,
      }),
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
      body: issueLabeled({
        repo: world.repo,
        issueNumber: world.nextIssue(),
        label: 'mode:discussion',
        otherLabels: ['run:dev', 'run:qa'],
        sender: world.sender.login,
      }),
    });
    await expectIgnored(db, conflict, TRIGGER_IGNORE_REASONS.discussionConflict);
  });

  test('no second discussion run while one is active on the issue', async ({ webhook, world, db, waiter }) => {
    // a discussion run held running for a few seconds by the gate agent (its issue's outcome label)
    const agentIssue = await world.issue({ durationMs: 4000 });
    const issue = agentIssue.number;
    const labels = ['mode:discussion', ...agentIssue.labels];
    const discussionLabeled = () =>
      issueLabeled({
        repo: world.repo,
        issueNumber: issue,
        label: labels[0],
        otherLabels: labels.slice(1),
        sender: world.sender.login,
      });
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
    const types = (await db.flowEvents(res.deliveryId)).map((e) => e.event_type);
    expect(types).toEqual([
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
});
