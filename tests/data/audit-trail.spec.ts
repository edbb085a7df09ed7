import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS } from '../../contract/kodex.js';
import { readAuditTrail } from '../../helpers/checks/audit.js';
import { scenario } from '../../helpers/checks/scenario.js';

test(
  'E1 the audit trail of one run: webhook.received to its terminal event, complete, ordered, no duplicates, nothing foreign',
  { tag: ['@critical'], annotation: scenario('E1') },
  async ({ webhook, world, waiter }) => {
    // given / when: one run:dev delivery goes through the whole chain
    const { runId, deliveryId } = await webhook.trigger({ issue: world.nextIssue() });
    const run = await waiter.until({ runId }, 'succeeded');
    const events = await waiter.eventsOnce(run.correlation_id, FLOW_EVENTS.runSucceeded);
    const trail = readAuditTrail(events, { id: run.id, correlationId: deliveryId });
    await test.info().attach('audit-trail.txt', { body: trail.sequence.join('\n'), contentType: 'text/plain' });
    // then: every event is this delivery's, each milestone is written once, none is missing, in kodex's order
    expect(trail.foreign, 'events of another delivery or run in the audit trail').toEqual([]);
    expect(trail.repeated, `milestones written more than once: ${trail.sequence.join(' → ')}`).toEqual([]);
    expect(trail.missing, `milestones missing from the audit trail: ${trail.sequence.join(' → ')}`).toEqual([]);
    expect(trail.outOfOrder, `milestones out of kodex's order: ${trail.sequence.join(' → ')}`).toEqual([]);
    expect(trail.sequence[0], 'the trail starts with webhook.received').toBe(FLOW_EVENTS.webhookReceived);
  },
);
