import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS, IGNORE_REASONS, INGEST_STATUS } from '../../contract/kodex.js';
import { senderRoleReason, senderTypeReason } from '../../contract/triggers.js';
import { staysAbsent } from '../../helpers/checks/absence.js';
import { createdBy, type DeliveryTrace } from '../../helpers/checks/ingress-probe.js';
import { scenario } from '../../helpers/checks/scenario.js';

test.describe('who may start a run (P0-1)', () => {
  test(
    'W5 unknown logins, non-members, read-only members and bots start no run',
    { tag: ['@critical'], annotation: scenario('W5') },
    async ({ webhook, world, db, kube, gate, waiter }) => {
      // given: the world's read-only member, known to the platform by a GitHub login
      const viewerLogin = `${world.marker}-viewer`;
      await db.setGithubLogin(world.viewer.id, viewerLogin);
      const refused = [
        { who: 'an unknown login', sender: `${world.marker}-nobody`, reason: IGNORE_REASONS.senderNotAllowed },
        { who: 'a known non-member', sender: world.outsider.login, reason: IGNORE_REASONS.senderNotMember },
        { who: 'a read-only member', sender: viewerLogin, reason: senderRoleReason('read') },
        { who: 'a bot', sender: world.sender.login, senderType: 'Bot', reason: senderTypeReason('Bot') },
      ];
      const traces: DeliveryTrace[] = [];
      for (const r of refused) {
        await test.step(r.who, async () => {
          // when: the sender labels an issue run:dev
          const issue = world.nextIssue();
          const res = await webhook.deliver({ issue, sender: r.sender, senderType: r.senderType });
          traces.push({ issue, deliveryId: res.deliveryId });
          // then: kodex's 200 ignored body, with its reason recorded
          expect(res.status, `HTTP 200 (ignored) for ${r.who}`).toBe(200);
          expect(res.json, `no run for ${r.who}`).toMatchObject({
            correlation_id: res.deliveryId,
            status: INGEST_STATUS.ignored,
            duplicate: false,
          });
          expect(res.json.run_id, `no run_id for ${r.who}`).toBeFalsy();
          const ignored = (await db.flowEvents(res.deliveryId)).filter(
            (e) => e.event_type === FLOW_EVENTS.webhookIgnored,
          );
          expect(
            ignored.map((e) => e.payload.reason),
            `kodex's ignore reason for ${r.who}`,
          ).toEqual([r.reason]);
        });
      }
      // and: no run and no Job appear for any of them
      await staysAbsent(
        'a run or Job appeared for a sender who may not start runs',
        createdBy(db, kube, world, traces, ['run', 'Job']),
        gate.absenceWindowMs,
      );
      // positive control: the read_write member starts a run
      const run = await webhook.trigger({ issue: world.nextIssue() });
      await waiter.until({ runId: run.runId }, 'succeeded');
    },
  );
});
