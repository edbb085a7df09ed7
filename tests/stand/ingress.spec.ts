import { test, expect } from '../../fixtures/index.js';
import {
  ERRORS,
  IGNORE_REASONS,
  INGEST_STATUS,
  TRIGGER_CONFLICT_COMMENT_EVENT,
  WEBHOOK_MAX_BODY_BYTES,
} from '../../contract/kodex.js';
import { issueLabeled, ping } from '../../helpers/clients/payloads.js';

/** The stand's own contract checks: ingress codes and bodies in order, ignore reasons, no half-written rows. */
test.describe('stand webhook ingress', () => {
  test('check order and bodies; refused deliveries write nothing', async ({ webhook, world, db }) => {
    const body = issueLabeled({
      repo: world.repo,
      issueNumber: world.nextIssue(),
      label: 'run:dev',
      sender: world.sender.login,
    });
    const cases = [
      {
        name: 'no delivery header',
        send: { event: 'issues', body, omitHeaders: ['delivery' as const] },
        status: 400,
        json: ERRORS.headerRequired('X-GitHub-Delivery'),
      },
      {
        name: 'no event header',
        send: { event: 'issues', body, omitHeaders: ['event' as const] },
        status: 400,
        json: ERRORS.headerRequired('X-GitHub-Event'),
      },
      {
        name: 'no event header outranks no signature',
        send: { event: 'issues', body, omitHeaders: ['event' as const], signature: 'missing' as const },
        status: 400,
        json: ERRORS.headerRequired('X-GitHub-Event'),
      },
      {
        name: 'no signature',
        send: { event: 'issues', body, signature: 'missing' as const },
        status: 401,
        json: ERRORS.missingSignature,
      },
      {
        name: 'too large, before the signature check',
        send: { event: 'issues', body: 'x'.repeat(WEBHOOK_MAX_BODY_BYTES + 1), signature: 'invalid' as const },
        status: 400,
        json: ERRORS.payloadTooLarge(WEBHOOK_MAX_BODY_BYTES),
      },
      {
        name: 'far too large',
        send: { event: 'issues', body: Buffer.alloc(8 * WEBHOOK_MAX_BODY_BYTES, 'x') },
        status: 400,
        json: ERRORS.payloadTooLarge(WEBHOOK_MAX_BODY_BYTES),
      },
      {
        name: 'bad signature',
        send: { event: 'issues', body, signature: 'invalid' as const },
        status: 401,
        json: ERRORS.invalidSignature,
      },
      {
        name: 'signed but not JSON',
        send: { event: 'issues', body: 'not json {', contentType: 'text/plain' },
        status: 400,
        json: ERRORS.payloadNotJson,
      },
    ];
    for (const c of cases) {
      await test.step(c.name, async () => {
        const res = await webhook.send(c.send);
        expect(res.status, c.name).toBe(c.status);
        expect(res.json, c.name).toEqual(c.json);
        expect(await db.flowEvents(res.deliveryId), `${c.name}: no flow_events row`).toEqual([]);
        expect(await db.runByCorrelation(res.deliveryId), `${c.name}: no run`).toBeUndefined();
      });
    }
  });

  test('hex case does not matter; sha256 of the exact bytes counts', async ({ webhook, world }) => {
    const res = await webhook.send({
      event: 'ping',
      body: ping(world.repo, world.sender.login),
      signature: 'valid-uppercase',
    });
    expect(res.status).toBe(202);
  });

  test('a signed ping is accepted without a run, every time', async ({ webhook, world, db }) => {
    const body = ping(world.repo, world.sender.login);
    const first = await webhook.send({ event: 'ping', body });
    const again = await webhook.send({ event: 'ping', body, deliveryId: first.deliveryId });
    for (const res of [first, again])
      expect(res.json).toEqual({
        correlation_id: first.deliveryId,
        run_id: '',
        status: INGEST_STATUS.accepted,
        duplicate: false,
      });
    expect((await db.flowEvents(first.deliveryId)).map((e) => e.event_type)).toEqual([
      'webhook.received',
      'webhook.received',
    ]);
    expect(await db.runByCorrelation(first.deliveryId)).toBeUndefined();
  });

  test('ignored deliveries answer 200 ignored with their reason', async ({ webhook, world, db }) => {
    const base = { repo: world.repo, label: 'run:dev', sender: world.sender.login };
    const cases = [
      {
        reason: IGNORE_REASONS.notTriggerLabel,
        body: { ...issueLabeled({ ...base, issueNumber: world.nextIssue(), label: 'bug' }) },
      },
      {
        reason: IGNORE_REASONS.labelConflict,
        body: issueLabeled({ ...base, issueNumber: world.nextIssue(), otherLabels: ['run:qa'] }),
      },
      {
        reason: IGNORE_REASONS.repoNotBound,
        body: issueLabeled({
          ...base,
          issueNumber: world.nextIssue(),
          repo: { id: 1, owner: 'nobody', name: 'unbound' },
        }),
      },
      {
        reason: IGNORE_REASONS.senderNotAllowed,
        body: issueLabeled({ ...base, issueNumber: world.nextIssue(), sender: 'stranger-kodex-gate' }),
      },
      {
        reason: IGNORE_REASONS.senderBot,
        body: issueLabeled({ ...base, issueNumber: world.nextIssue(), senderType: 'Bot' }),
      },
    ];
    for (const c of cases) {
      const res = await webhook.send({ event: 'issues', body: c.body });
      expect(res.status, c.reason).toBe(200);
      expect(res.json, c.reason).toEqual({
        correlation_id: res.deliveryId,
        run_id: '',
        status: INGEST_STATUS.ignored,
        duplicate: false,
      });
      // (a label conflict also gets the control plane's run.trigger.conflict.comment: ingress-triggers.spec.ts)
      const events = (await db.flowEvents(res.deliveryId)).filter(
        (e) => e.event_type !== TRIGGER_CONFLICT_COMMENT_EVENT,
      );
      expect(
        events.map((e) => [e.event_type, e.payload.reason]),
        c.reason,
      ).toEqual([['webhook.ignored', c.reason]]);
    }
  });
});
