import { test, expect } from '../../fixtures/index.js';
import { ERRORS, INGEST_STATUS, PATHS, WEBHOOK_HEADERS } from '../../contract/kodex.js';
import { issueLabeled } from '../../helpers/payloads.js';
import { scenario } from '../../helpers/scenario.js';
import type { SignatureKind } from '../../helpers/signing.js';

test.describe('webhook ingress (P0-1)', () => {
  test('W1 the webhook path answers without OAuth', { tag: ['@critical', '@readonly'], annotation: scenario('W1') }, async ({ request, gate }) => {
    // when: an unsigned delivery reaches the webhook path through the public ingress, redirects not followed
    const res = await request.post(new URL(PATHS.webhook, gate.publicUrl).toString(), {
      data: '{}', maxRedirects: 0, failOnStatusCode: false,
      headers: { 'content-type': 'application/json', [WEBHOOK_HEADERS.delivery]: `kodex-gate-w1-${Date.now()}`, [WEBHOOK_HEADERS.event]: 'ping' },
    });
    // then: the gateway itself answers (no redirect to a login page, no HTML login form): 401, or 400
    // field "request" where the platform's OpenAPI validator is active (contract §1, HEAD caveat)
    expect(res.headers().location, 'no redirect to an OAuth login').toBeUndefined();
    expect(res.headers()['content-type'] ?? '', 'a JSON answer from the gateway, not a login page').toContain('application/json');
    const body = await res.json();
    if (res.status() === 400) expect(body).toMatchObject({ code: 'invalid_argument', field: 'request' });
    else {
      expect(res.status(), 'an unsigned delivery is refused by the gateway, not by OAuth').toBe(401);
      expect(body).toEqual(ERRORS.missingSignature);
    }
  });

  const badSignatures: { kind: SignatureKind; expected: object }[] = [
    { kind: 'missing', expected: ERRORS.missingSignature },
    { kind: 'invalid', expected: ERRORS.invalidSignature },
    { kind: 'sha1', expected: ERRORS.invalidSignature },
    { kind: 'wrong-secret', expected: ERRORS.invalidSignature },
    { kind: 'tampered', expected: ERRORS.invalidSignature },
    { kind: 'reserialised', expected: ERRORS.invalidSignature },
  ];

  test('W2 bad signatures are refused and create nothing', { tag: ['@critical'], annotation: scenario('W2') }, async ({ webhook, world, db, kube }) => {
    for (const { kind, expected } of badSignatures) {
      await test.step(`signature ${kind}`, async () => {
        // given: a delivery that would start a run if it were signed
        const issue = world.nextIssue();
        const body = issueLabeled({ repo: world.repo, issueNumber: issue, label: 'run:dev', sender: world.sender.login });
        // when
        const res = await webhook.send({ event: 'issues', body, signature: kind });
        // then: 401 with the contract's body (400 field "request" only from the OpenAPI validator, for a missing header)
        if (kind === 'missing' && res.status === 400) expect(res.json).toMatchObject({ code: 'invalid_argument', field: 'request' });
        else {
          expect(res.status, `signature "${kind}" is refused with 401`).toBe(401);
          expect(res.json).toEqual(expected);
        }
        expect(await db.runsForIssue(world.projectId, issue, world.since), `no agent_runs row for a "${kind}" signature`).toHaveLength(0);
        expect(await db.runByCorrelation(res.deliveryId), 'no run under the delivery id').toBeUndefined();
        expect(await db.flowEvents(res.deliveryId), 'no flow event for the refused delivery').toEqual([]);
        expect(await kube.jobsWithCorrelationPrefix(res.deliveryId), `no Job for a "${kind}" signature`).toHaveLength(0);
      });
    }
  });

  test('W3 the first valid trigger delivery is accepted with a run', { tag: ['@critical'], annotation: scenario('W3') }, async ({ webhook, world, db, waiter }) => {
    // given
    const issue = world.nextIssue();
    const body = issueLabeled({ repo: world.repo, issueNumber: issue, label: 'run:dev', sender: world.sender.login });
    // when
    const res = await webhook.send({ event: 'issues', body });
    // then
    expect(res.status, '202 for the first delivery').toBe(202);
    expect(res.json).toMatchObject({ correlation_id: res.deliveryId, status: INGEST_STATUS.accepted, duplicate: false });
    expect(res.json.run_id, 'an accepted trigger carries its run_id').toMatch(/^[0-9a-f-]{36}$/);
    const run = await db.runByCorrelation(res.deliveryId);
    expect(run, 'an agent_runs row whose correlation_id is the delivery id').toBeDefined();
    expect(run!.id).toBe(res.json.run_id);
    expect(run!.project_id).toBe(world.projectId);
    expect(['pending', 'running', 'succeeded']).toContain(run!.status);
    const received = (await db.flowEvents(res.deliveryId)).filter((e) => e.event_type === 'webhook.received');
    expect(received, 'one webhook.received flow event').toHaveLength(1);
    expect(received[0].payload).toMatchObject({ delivery_id: res.deliveryId, run_id: run!.id, label: 'run:dev', issue_number: issue });
    // and: the run it started is let finish, so nothing is left in flight
    await waiter.until({ runId: run!.id }, 'succeeded');
  });

  test('W4 a replayed delivery is a duplicate with the same run', { tag: ['@critical'], annotation: scenario('W4') }, async ({ webhook, world, db, kube, waiter }) => {
    // given: an accepted delivery
    const issue = world.nextIssue();
    const body = issueLabeled({ repo: world.repo, issueNumber: issue, label: 'run:dev', sender: world.sender.login });
    const first = await webhook.send({ event: 'issues', body });
    expect(first.status).toBe(202);
    // when: GitHub redelivers it
    const replay = await webhook.send({ event: 'issues', body, deliveryId: first.deliveryId });
    // then
    expect(replay.status, '200 for a replay').toBe(200);
    expect(replay.json).toEqual({ correlation_id: first.deliveryId, run_id: first.json.run_id, status: INGEST_STATUS.duplicate, duplicate: true });
    await waiter.until({ runId: first.json.run_id }, 'succeeded');
    expect(await db.runsForIssue(world.projectId, issue, world.since), 'exactly one agent_runs row for the issue').toHaveLength(1);
    expect(await kube.jobsWithCorrelationPrefix(first.deliveryId), 'exactly one Job for the delivery').toHaveLength(1);
    const types = (await db.flowEvents(first.deliveryId)).map((e) => e.event_type);
    expect(types.filter((t) => t === 'webhook.duplicate'), 'the replay is recorded as webhook.duplicate').toHaveLength(1);
  });
});
