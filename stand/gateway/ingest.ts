import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  FLOW_EVENTS, IGNORE_REASONS, INGEST_STATUS, RUN_LABEL_PREFIX, WEBHOOK_ACTOR_ID, agentKeyForLabel, runKindForLabel,
} from '../../contract/kodex.js';
import type { Faults } from '../faults.js';
import { inTransaction } from '../db/tx.js';

/** What the control plane answers for one verified delivery. */
export interface IngestResult {
  status: (typeof INGEST_STATUS)[keyof typeof INGEST_STATUS];
  runId: string;
}
export class IngestError extends Error {}

interface Delivery { deliveryId: string; event: string; body: any }

const isTriggerLabel = (name: unknown) => typeof name === 'string' && name.startsWith(RUN_LABEL_PREFIX);

function basePayload(d: Delivery) {
  const b = d.body ?? {};
  return {
    source: 'github', delivery_id: d.deliveryId, event_type: d.event, action: b.action ?? '',
    correlation_id: d.deliveryId,
    sender: { id: b.sender?.id ?? 0, login: b.sender?.login ?? '' },
    repository: { id: b.repository?.id ?? 0, full_name: b.repository?.full_name ?? '', name: b.repository?.name ?? '' },
  };
}

async function flowEvent(db: pg.PoolClient | pg.Pool, correlationId: string, type: string, payload: object) {
  await db.query(
    `INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload) VALUES ($1, 'system', $2, $3, $4)`,
    [correlationId, WEBHOOK_ACTOR_ID, type, JSON.stringify(payload)],
  );
}

/** The control plane's webhook domain (HEAD): trigger rules, sender rules, idempotent run creation. */
export async function ingest(pool: pg.Pool, faults: Faults, d: Delivery): Promise<IngestResult> {
  const b = d.body ?? {};
  const base = basePayload(d);
  const ignore = async (reason: string, extra: object = {}) => {
    await flowEvent(pool, d.deliveryId, FLOW_EVENTS.webhookIgnored, { ...base, reason, ...extra });
    return { status: INGEST_STATUS.ignored, runId: '' } as IngestResult;
  };

  if (d.event !== 'issues') {
    // Any other signed event is accepted without a run, and never deduplicated.
    await flowEvent(pool, d.deliveryId, FLOW_EVENTS.webhookReceived, { ...base, issue_number: b.issue?.number });
    return { status: INGEST_STATUS.accepted, runId: '' };
  }
  const label: string | undefined = b.label?.name;
  if (b.action !== 'labeled' || !isTriggerLabel(label)) return ignore(IGNORE_REASONS.notTriggerLabel, { label });

  const repo = await pool.query(
    `SELECT r.id, r.project_id, p.settings FROM repositories r JOIN projects p ON p.id = r.project_id
     WHERE r.provider = 'github' AND r.external_id = $1`, [Number(b.repository?.id ?? -1)]);
  if (!repo.rowCount) return ignore(IGNORE_REASONS.repoNotBound, { label, binding_resolved: false });
  const binding = repo.rows[0];

  const senderType = b.sender?.type;
  if (senderType && senderType !== 'User') return ignore(IGNORE_REASONS.senderBot, { label });
  const login: string = b.sender?.login ?? '';
  if (!login) return ignore(IGNORE_REASONS.senderLoginMissing, { label });
  const user = await pool.query(
    `SELECT u.id, u.is_platform_admin, u.is_platform_owner, m.role, m.learning_mode_override
     FROM users u LEFT JOIN project_members m ON m.user_id = u.id AND m.project_id = $2
     WHERE lower(u.github_login) = lower($1) LIMIT 1`, [login, binding.project_id]);
  if (!user.rowCount) return ignore(IGNORE_REASONS.senderNotAllowed, { label });
  const sender = user.rows[0];
  const platformStaff = sender.is_platform_admin || sender.is_platform_owner;
  if (!platformStaff && !sender.role) return ignore(IGNORE_REASONS.senderNotMember, { label });
  if (!platformStaff && sender.role === 'read') return ignore(IGNORE_REASONS.senderReadOnly, { label });

  const runLabels = (b.issue?.labels ?? []).map((l: any) => l?.name).filter(isTriggerLabel);
  if (runLabels.length > 1) return ignore(IGNORE_REASONS.labelConflict, { label, conflicting_labels: runLabels });

  const agentKey = agentKeyForLabel(label!);
  const agent = agentKey
    ? await pool.query(`SELECT id FROM agents WHERE agent_key = $1 AND is_active`, [agentKey])
    : { rowCount: 0, rows: [] };
  if (!agent.rowCount) throw new IngestError(`no active agent for label ${label}`);

  const learningMode = sender.learning_mode_override ?? (binding.settings?.learning_mode_default === true);
  const runPayload = {
    raw_payload: b,
    project: { id: binding.project_id, repository_id: binding.id, binding_resolved: true },
    repository: { full_name: b.repository?.full_name ?? '' },
    learning_mode: learningMode,
    agent: { key: agentKey },
    issue: { number: b.issue?.number ?? null, html_url: b.issue?.html_url ?? null },
    trigger: { source: 'github', label, kind: runKindForLabel(label!) },
    runtime: { mode: 'full-env', deploy_only: false },
  };
  const correlationId = faults.has('correlation-not-delivery') ? randomUUID()
    : faults.has('replay-creates-run') ? `${d.deliveryId}#${randomUUID().slice(0, 8)}` : d.deliveryId;

  return inTransaction(pool, async (c) => {
    const inserted = await c.query(
      `INSERT INTO agent_runs (correlation_id, project_id, agent_id, status, run_payload, learning_mode)
       VALUES ($1, $2, $3, 'pending', $4, $5) ON CONFLICT (correlation_id) DO NOTHING RETURNING id`,
      [correlationId, binding.project_id, agent.rows[0].id, JSON.stringify(runPayload), learningMode]);
    const isNew = inserted.rowCount === 1;
    const runId: string = isNew ? inserted.rows[0].id
      : (await c.query(`SELECT id FROM agent_runs WHERE correlation_id = $1`, [correlationId])).rows[0].id;
    await flowEvent(c, correlationId, isNew ? FLOW_EVENTS.webhookReceived : FLOW_EVENTS.webhookDuplicate, {
      ...base, inserted: isNew, run_id: runId, label, run_kind: runKindForLabel(label!), issue_number: b.issue?.number,
    });
    return { status: isNew ? INGEST_STATUS.accepted : INGEST_STATUS.duplicate, runId };
  });
}
