// What the stand's trigger-rule tests expect of a delivery's answer: ignored with a reason, or a run.
import { expect } from '../../fixtures/index.js';
import { FLOW_EVENTS, INGEST_STATUS, TRIGGER_CONFLICT_COMMENT_EVENT } from '../../contract/kodex.js';
import type { GateDb } from '../../helpers/clients/db.js';
import type { DeliveryResult } from '../../helpers/clients/webhook-sender.js';

/** The delivery was ignored with this reason: 200, no run, one webhook.ignored flow event naming it. */
export const expectIgnored = async (db: GateDb, res: DeliveryResult, reason: string) => {
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
/** The delivery started a run: 202 and a run id; its run_payload. */
export const runOf = async (db: GateDb, res: DeliveryResult, what: string) => {
  expect(res.status, `${what}: 202 (${JSON.stringify(res.json)})`).toBe(202);
  expect(res.json.run_id, `${what}: a run`).toMatch(/^[0-9a-f-]{36}$/);
  return db.runPayload(res.json.run_id);
};
