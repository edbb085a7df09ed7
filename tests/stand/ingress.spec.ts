import { test, expect } from '../../fixtures/index.js';
import { ERRORS, IGNORE_REASONS, INGEST_STATUS, WEBHOOK_MAX_BODY_BYTES } from '../../contract/kodex.js';
import { ping } from '../../helpers/clients/payloads.js';
import type { DeliveryOptions, TriggerOptions } from '../../helpers/clients/webhook-sender.js';
import { expectIgnored } from './ingress-expect.js';

/** A delivery the ingress refuses, before anything is written: what differs from a signed trigger delivery. */
interface Refusal {
  name: string;
  send: Partial<Omit<DeliveryOptions, 'event'>>;
  status: number;
  json: object;
}

/** The ingress's checks, in kodex's order: the first that fails answers. */
const REFUSALS: Refusal[] = [
  {
    name: 'no delivery header',
    send: { omitHeaders: ['delivery'] },
    status: 400,
    json: ERRORS.headerRequired('X-GitHub-Delivery'),
  },
  {
    name: 'no event header',
    send: { omitHeaders: ['event'] },
    status: 400,
    json: ERRORS.headerRequired('X-GitHub-Event'),
  },
  {
    name: 'no event header outranks no signature',
    send: { omitHeaders: ['event'], signature: 'missing' },
    status: 400,
    json: ERRORS.headerRequired('X-GitHub-Event'),
  },
  { name: 'no signature', send: { signature: 'missing' }, status: 401, json: ERRORS.missingSignature },
  {
    name: 'too large, before the signature check',
    send: { body: 'x'.repeat(WEBHOOK_MAX_BODY_BYTES + 1), signature: 'invalid' },
    status: 400,
    json: ERRORS.payloadTooLarge(WEBHOOK_MAX_BODY_BYTES),
  },
  {
    name: 'far too large',
    send: { body: Buffer.alloc(8 * WEBHOOK_MAX_BODY_BYTES, 'x') },
    status: 400,
    json: ERRORS.payloadTooLarge(WEBHOOK_MAX_BODY_BYTES),
  },
  { name: 'bad signature', send: { signature: 'invalid' }, status: 401, json: ERRORS.invalidSignature },
  {
    name: 'signed but not JSON',
    send: { body: 'not json {', contentType: 'text/plain' },
    status: 400,
    json: ERRORS.payloadNotJson,
  },
];

/** Trigger deliveries the ingress ignores, each with kodex's reason: what differs from one that starts a run. */
const IGNORED: [reason: string, differs: Omit<TriggerOptions, 'issue'>][] = [
  [IGNORE_REASONS.notTriggerLabel, { label: 'bug' }],
  [IGNORE_REASONS.labelConflict, { otherLabels: ['run:qa'] }],
  [IGNORE_REASONS.repoNotBound, { repo: { id: 1, owner: 'nobody', name: 'unbound' } }],
  [IGNORE_REASONS.senderNotAllowed, { sender: 'stranger-kodex-gate' }],
  [IGNORE_REASONS.senderBot, { senderType: 'Bot' }],
];

/** The stand's own contract checks: ingress codes and bodies in order, no half-written rows. */
test.describe('stand webhook ingress: refused deliveries', () => {
  test('check order and bodies; refused deliveries write nothing', async ({ webhook, world, db }) => {
    const body = webhook.triggerBody({ issue: world.nextIssue() });
    for (const c of REFUSALS) {
      await test.step(c.name, async () => {
        const res = await webhook.send({ event: 'issues', body, ...c.send });
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
});

/** Deliveries answered without a run: pings, and ignored triggers with their reason. */
test.describe('stand webhook ingress: deliveries without a run', () => {
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
    for (const [reason, differs] of IGNORED) {
      const body = webhook.triggerBody({ issue: world.nextIssue(), ...differs });
      const res = await webhook.send({ event: 'issues', body });
      expect(res.json, reason).toEqual({
        correlation_id: res.deliveryId,
        run_id: '',
        status: INGEST_STATUS.ignored,
        duplicate: false,
      });
      // 200, one webhook.ignored naming the reason (a label conflict also gets the control plane's
      // run.trigger.conflict.comment: ingress-triggers.spec.ts)
      await expectIgnored(db, res, reason);
    }
  });
});
