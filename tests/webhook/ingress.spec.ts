import { test, expect } from '../../fixtures/index.js';
import { ERRORS } from '../../contract/kodex.js';
import { appears, staysAbsent } from '../../helpers/checks/absence.js';
import { createdBy, type DeliveryTrace } from '../../helpers/checks/ingress-probe.js';
import { scenario } from '../../helpers/checks/scenario.js';
import type { SignatureKind } from '../../helpers/clients/signing.js';
import { unsignedProbe } from '../../helpers/clients/webhook-sender.js';
import { requireBoundarySettings } from '../../helpers/checks/boundary.js';

test.describe('webhook ingress (P0-1): refused deliveries', () => {
  test(
    'W1 the webhook path answers without OAuth',
    { tag: ['@critical', '@readonly'], annotation: scenario('W1') },
    async ({ request, gate }) => {
      // given: a public ingress to probe (on staging and production it must be configured, or explicitly waived)
      requireBoundarySettings(gate, 'W1');
      // when: an unsigned delivery reaches the webhook path through the public ingress, redirects not followed
      const res = await unsignedProbe(request, gate.publicUrl);
      // then: the gateway itself answers (no redirect to a login page, no HTML login form): 401, or 400
      // field "request" where the platform's OpenAPI validator is active (contract §1, HEAD caveat)
      expect(res.location, 'no redirect to an OAuth login').toBeUndefined();
      expect(res.contentType, 'a JSON answer from the gateway, not a login page').toContain('application/json');
      expect(res, 'an unsigned delivery is refused by the gateway, not by OAuth').toBeRefusedWith(
        ERRORS.missingSignature,
        { validator400: true },
      );
    },
  );

  const badSignatures: { kind: SignatureKind; expected: object }[] = [
    { kind: 'missing', expected: ERRORS.missingSignature },
    { kind: 'invalid', expected: ERRORS.invalidSignature },
    { kind: 'sha1', expected: ERRORS.invalidSignature },
    { kind: 'wrong-secret', expected: ERRORS.invalidSignature },
    { kind: 'tampered', expected: ERRORS.invalidSignature },
    { kind: 'reserialised', expected: ERRORS.invalidSignature },
  ];

  test(
    'W2 bad signatures are refused and create nothing',
    { tag: ['@critical'], annotation: scenario('W2') },
    async ({ webhook, world, db, kube, gate, waiter }) => {
      const refused: DeliveryTrace[] = [];
      for (const { kind, expected } of badSignatures) {
        await test.step(`signature ${kind}`, async () => {
          // given: a delivery that would start a run if it were signed
          const issue = world.nextIssue();
          // when
          const res = await webhook.send({ event: 'issues', body: webhook.triggerBody({ issue }), signature: kind });
          refused.push({ issue, deliveryId: res.deliveryId });
          // then: 401 with the contract's body (400 field "request" only from the OpenAPI validator, for a missing header)
          expect(res, `signature "${kind}" is refused with 401`).toBeRefusedWith(expected, {
            validator400: kind === 'missing',
          });
        });
      }
      // and: no run, flow event or Job appears for any of them, through a worker poll and a Job creation
      await staysAbsent(
        'a run, flow event or Job appeared after a refused delivery',
        createdBy(db, kube, world, refused, ['run', 'flow event', 'Job']),
        gate.absenceWindowMs,
      );

      // positive control: the same probe sees the run and Job of a valid delivery
      const issue = world.nextIssue();
      const run = await webhook.trigger({ issue });
      await appears(
        'the Job of a valid delivery, seen by the probe that saw nothing for the refused ones',
        createdBy(db, kube, world, [{ issue, deliveryId: run.deliveryId }], ['Job']),
        gate.runTimeoutMs,
      );
      await waiter.until({ runId: run.runId }, 'succeeded');
    },
  );
});

test.describe('webhook ingress (P0-1): an accepted delivery', () => {
  test(
    'W3 the first valid trigger delivery is accepted with a run',
    { tag: ['@critical'], annotation: scenario('W3') },
    async ({ webhook, world, db, waiter }) => {
      // given
      const issue = world.nextIssue();
      // when
      const res = await webhook.send({ event: 'issues', body: webhook.triggerBody({ issue }) });
      // then
      expect(res, '202 for the first delivery, with its run').toBeAcceptedWithARun();
      const run = await db.runByCorrelation(res.deliveryId);
      expect(run, 'an agent_runs row whose correlation_id is the delivery id').toBeDefined();
      expect(run!.id).toBe(res.json.run_id);
      expect(run!.project_id).toBe(world.projectId);
      expect(['pending', 'running', 'succeeded']).toContain(run!.status);
      const received = (await db.flowEvents(res.deliveryId)).filter((e) => e.event_type === 'webhook.received');
      expect(received, 'one webhook.received flow event').toHaveLength(1);
      expect(received[0].payload).toMatchObject({
        delivery_id: res.deliveryId,
        run_id: run!.id,
        label: 'run:dev',
        issue_number: issue,
      });
      // and: the run it started is let finish, so nothing is left in flight
      await waiter.until({ runId: run!.id }, 'succeeded');
    },
  );
});

test.describe('webhook ingress (P0-1): replays', () => {
  test(
    'W4 a replayed delivery is a duplicate with the same run',
    { tag: ['@critical'], annotation: scenario('W4') },
    async ({ webhook, world, db, kube, waiter }) => {
      await test.step('a replay while the run is in flight, and again after it finished', async () => {
        // given: an accepted delivery
        const issue = world.nextIssue();
        const first = await webhook.trigger({ issue });
        // when: GitHub redelivers it
        const replay = await webhook.send({ event: 'issues', body: first.body, deliveryId: first.deliveryId });
        // then
        expect(replay, '200 for a replay, naming the same run').toBeADuplicateOf(first);
        await waiter.until({ runId: first.runId }, 'succeeded');
        // when: redelivered once more after the run has finished
        const late = await webhook.send({ event: 'issues', body: first.body, deliveryId: first.deliveryId });
        // then: still the same run, no second one
        expect(late, 'a replay after the run finished is still a duplicate').toBeADuplicateOf(first);
        expect(
          await db.runsForIssue(world.projectId, issue, world.since),
          'exactly one agent_runs row for the issue',
        ).toHaveLength(1);
        expect(await kube.jobsWithCorrelationPrefix(first.deliveryId), 'exactly one Job for the delivery').toHaveLength(
          1,
        );
        const types = (await db.flowEvents(first.deliveryId)).map((e) => e.event_type);
        expect(
          types.filter((t) => t === 'webhook.duplicate'),
          'both replays are recorded as webhook.duplicate',
        ).toHaveLength(2);
      });
      await test.step('two concurrent deliveries of one id', async () => {
        // given: one delivery, sent twice at once
        const issue = world.nextIssue();
        const body = webhook.triggerBody({ issue });
        const deliveryId = webhook.newDeliveryId();
        // when
        const answers = await Promise.all([0, 1].map(() => webhook.send({ event: 'issues', body, deliveryId })));
        // then: one is accepted, the other is its duplicate, with the same run
        expect(
          answers.map((a) => a.status).sort(),
          'one 202 and one 200 for two concurrent deliveries of one id',
        ).toEqual([200, 202]);
        const runIds = new Set(answers.map((a) => a.json?.run_id));
        expect(runIds.size, 'both concurrent deliveries name the same run').toBe(1);
        const [runId] = runIds;
        await waiter.until({ runId }, 'succeeded');
        expect(
          await db.runsForIssue(world.projectId, issue, world.since),
          'one agent_runs row for two concurrent deliveries',
        ).toHaveLength(1);
        expect(await kube.jobsWithCorrelationPrefix(deliveryId), 'one Job for two concurrent deliveries').toHaveLength(
          1,
        );
      });
    },
  );
});
