import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  FLOW_EVENTS,
  IGNORE_REASONS,
  INGEST_STATUS,
  K8S,
  TRIGGER_CONFLICT_COMMENT_EVENT,
  WEBHOOK_ACTOR_ID,
} from '../../contract/kodex.js';
import {
  REVIEW_FLOW_EVENTS,
  RUNTIME,
  TRIGGER_IGNORE_REASONS,
  TRIGGER_SOURCES,
  agentKeyForKind,
  reviewerCorrelationId,
  senderRoleReason,
  senderTypeReason,
} from '../../contract/triggers.js';
import type { Faults } from '../faults.js';
import { inTransaction } from '../db/tx.js';
import { wakeWorkers } from '../db/wake.js';
import {
  ignoredEvent,
  receivedEvent,
  runEvent,
  runPayload,
  type Delivery,
  type Ignored,
  type RunPayloadInput,
} from './ingest-payloads.js';
import { pushMainBuildRef, resolveTrigger, type Trigger } from './triggers.js';

/** What the control plane answers for one verified delivery. */
export interface IngestResult {
  status: (typeof INGEST_STATUS)[keyof typeof INGEST_STATUS];
  correlationId: string;
  runId: string;
}
class IngestError extends Error {}

interface Binding {
  project_id: string;
  repository_id: string;
  services_yaml_path: string;
  default_ref: string;
  learning_mode_default: boolean;
}

async function flowEvent(db: pg.PoolClient | pg.Pool, correlationId: string, type: string, payload: object) {
  await db.query(
    `INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload) VALUES ($1, 'system', $2, $3, $4)`,
    [correlationId, WEBHOOK_ACTOR_ID, type, JSON.stringify(payload)],
  );
}

/**
 * kodex's control plane comments a trigger-label conflict on the issue and records it with no run
 * (runstatus PostTriggerLabelConflictComment, actor control-plane). The stand posts no comment: its ids are made up.
 */
async function conflictComment(pool: pg.Pool, correlationId: string, b: any, label: string, conflicting: string[]) {
  const commentId = Date.now();
  const repo = String(b.repository?.full_name ?? '').trim();
  await pool.query(
    `INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload) VALUES ($1, 'system', 'control-plane', $2, $3)`,
    [
      correlationId,
      TRIGGER_CONFLICT_COMMENT_EVENT,
      JSON.stringify({
        repository_full_name: repo,
        issue_number: Number(b.issue.number),
        trigger_label: label,
        conflicting_labels: conflicting,
        comment_id: commentId,
        comment_url: `https://github.com/${repo}/issues/${b.issue.number}#issuecomment-${commentId}`,
      }),
    ],
  );
}

async function bindingOf(pool: pg.Pool, repositoryId: unknown): Promise<Binding | undefined> {
  if (!Number(repositoryId)) return undefined;
  const r = await pool.query(
    `SELECT r.project_id, r.id AS repository_id, r.services_yaml_path, r.default_ref,
            COALESCE((p.settings->>'learning_mode_default')::boolean, false) AS learning_mode_default
     FROM repositories r JOIN projects p ON p.id = r.project_id WHERE r.provider = 'github' AND r.external_id = $1`,
    [Number(repositoryId)],
  );
  return r.rows[0];
}

/** isActorAllowedForIssueTrigger: the ignore reason, or undefined when the sender may start the run. */
async function senderRefusal(
  pool: pg.Pool,
  faults: Faults,
  projectId: string,
  sender: any,
): Promise<string | undefined> {
  const type = typeof sender?.type === 'string' ? sender.type.trim().toLowerCase() : '';
  if (type && type !== 'user') return senderTypeReason(type);
  const login = typeof sender?.login === 'string' ? sender.login.trim() : '';
  if (!login) return IGNORE_REASONS.senderLoginMissing;
  const user = await pool.query(
    `SELECT u.is_platform_admin, u.is_platform_owner, m.role FROM users u
     LEFT JOIN project_members m ON m.user_id = u.id AND m.project_id = $2
     WHERE lower(u.github_login) = lower($1) LIMIT 1`,
    [login, projectId],
  );
  if (!user.rowCount) return IGNORE_REASONS.senderNotAllowed;
  const u = user.rows[0];
  if (u.is_platform_owner || u.is_platform_admin) return undefined;
  if (!u.role) return faults.has('sender-membership-unchecked') ? undefined : IGNORE_REASONS.senderNotMember;
  const role = String(u.role).trim().toLowerCase();
  if (role === 'admin' || role === 'read_write') return undefined;
  return role ? senderRoleReason(role) : TRIGGER_IGNORE_REASONS.senderRoleNotPermitted;
}

/** resolveLearningMode: the member's override when the sender is a member with one, else the project default. */
async function learningMode(pool: pg.Pool, b: Binding, login: string): Promise<boolean> {
  if (!login) return b.learning_mode_default;
  const m = await pool.query(
    `SELECT m.learning_mode_override FROM users u JOIN project_members m ON m.user_id = u.id AND m.project_id = $2
     WHERE lower(u.github_login) = lower($1) LIMIT 1`,
    [login, b.project_id],
  );
  return m.rows[0]?.learning_mode_override ?? b.learning_mode_default;
}

/** resolveIssueTriggerCandidateRuntime: an earlier run on the issue that left a namespace and a PR head to build. */
async function candidateRuntime(
  pool: pg.Pool,
  b: Binding,
  repo: string,
  issue: number,
): Promise<{ namespace: string; buildRef: string } | undefined> {
  if (!(issue > 0)) return undefined;
  const r = await pool.query(
    `SELECT run_payload #>> '{runtime,namespace}' AS namespace,
            COALESCE(run_payload #>> '{pull_request,head,sha}', run_payload #>> '{pull_request,head,ref}') AS build_ref
     FROM agent_runs WHERE project_id = $1 AND lower(run_payload #>> '{repository,full_name}') = lower($2)
       AND run_payload #>> '{issue,number}' = $3 ORDER BY created_at DESC LIMIT 50`,
    [b.project_id, repo, String(issue)],
  );
  const found = r.rows.find((x) => x.namespace && x.build_ref);
  return found ? { namespace: found.namespace, buildRef: found.build_ref } : undefined;
}

type Runtime = RunPayloadInput['runtime'];
/** The run's runtime (RuntimeModePolicy without services.yaml, and resolveIssueTriggerRuntimeProfile), or an ignore reason. */
async function runtimeFor(pool: pg.Pool, b: Binding, t: Trigger, body: any): Promise<Runtime | Ignored> {
  const codeOnly = t.discussion || t.kind === 'ai_repair';
  const rt: Runtime = {
    mode: codeOnly ? RUNTIME.codeOnly : RUNTIME.fullEnv,
    source: t.discussion ? 'discussion_mode' : 'trigger_default',
    buildRef: b.default_ref,
    deployOnly: false,
    accessProfile: RUNTIME.candidate,
  };
  if (t.discussion) return rt;
  if (t.kind === 'ai_repair') return { ...rt, targetEnv: 'production', namespace: K8S.codeOnlyNamespace };
  if (t.source === TRIGGER_SOURCES.pullRequestReview || t.source === TRIGGER_SOURCES.pullRequestLabel) {
    return { ...rt, buildRef: body.pull_request?.head?.sha || body.pull_request?.head?.ref || rt.buildRef };
  }
  const base = t.kind.replace(/_revise$/, '');
  if (base === 'dev' || base === 'qa' || base === 'release') {
    const candidate = await candidateRuntime(
      pool,
      b,
      body.repository?.full_name ?? '',
      Number(body.issue?.number ?? 0),
    );
    if (!candidate && base !== 'dev') {
      return {
        reason: TRIGGER_IGNORE_REASONS.candidateNotFound,
        runKind: t.kind,
        bindingResolved: true,
        suggested: ['run:dev', 'run:dev:revise'],
      };
    }
    return {
      ...rt,
      targetEnv: 'ai',
      ...(candidate ? { namespace: candidate.namespace, buildRef: candidate.buildRef } : {}),
    };
  }
  if (base === 'postdeploy' || base === 'ops') {
    return {
      ...rt,
      targetEnv: 'production',
      namespace: K8S.codeOnlyNamespace,
      accessProfile: RUNTIME.productionReadOnly,
    };
  }
  return rt;
}

/** The control plane's webhook domain (HEAD), checks in kodex's order: IngestGitHubWebhook in service.go. */
export async function ingest(
  pool: pg.Pool,
  faults: Faults,
  delivery: Omit<Delivery, 'receivedAt'>,
): Promise<IngestResult> {
  const d: Delivery = { ...delivery, receivedAt: new Date() };
  const b = d.body ?? {};
  const binding = await bindingOf(pool, b.repository?.id);
  const res = await resolveTrigger(pool, binding?.project_id, d.event, b);
  const t = res.trigger;
  const reviewerCorrelation =
    t?.source === TRIGGER_SOURCES.pullRequestLabel
      ? reviewerCorrelationId({
          repoFullName: b.repository?.full_name ?? '',
          prNumber: Number(b.pull_request?.number ?? 0),
          action: b.action ?? '',
          label: t.label,
          updatedAt: b.pull_request?.updated_at ?? '',
        })
      : undefined;
  const correlationId = reviewerCorrelation ?? d.deliveryId;
  const ignore = async (i: Ignored): Promise<IngestResult> => {
    await flowEvent(pool, correlationId, FLOW_EVENTS.webhookIgnored, ignoredEvent(d, correlationId, i));
    return { status: INGEST_STATUS.ignored, correlationId, runId: '' };
  };
  const bound = binding !== undefined;

  if (res.review) {
    const pr = {
      repository_full_name: (b.repository?.full_name ?? '').trim(),
      pull_request_number: b.pull_request?.number,
    };
    await flowEvent(pool, correlationId, REVIEW_FLOW_EVENTS.changesRequested, {
      ...pr,
      ...(b.issue?.number > 0 ? { issue_number: b.issue.number } : {}),
    });
    if (t)
      await flowEvent(pool, correlationId, REVIEW_FLOW_EVENTS.stageResolved, {
        ...pr,
        resolver_source: res.review.resolverSource,
        trigger_label: t.label,
        trigger_kind: t.kind,
      });
    else if (res.ignoreReason) {
      await flowEvent(pool, correlationId, REVIEW_FLOW_EVENTS.stageAmbiguous, {
        ...pr,
        resolver_source: res.review.resolverSource,
        reason: res.ignoreReason,
        ...(res.conflicting.length ? { conflicting_labels: res.conflicting } : {}),
        ...(res.review.suggested?.length ? { suggested_labels: res.review.suggested } : {}),
      });
    }
  }
  const pushRef = pushMainBuildRef(d.event, b);
  if (d.event.trim().toLowerCase() === 'issues' && !t && !res.ignoreReason) {
    return ignore({ reason: IGNORE_REASONS.notTriggerLabel, bindingResolved: bound });
  }
  if (t && res.conflicting.length > 1) {
    const ignored = await ignore({
      reason: IGNORE_REASONS.labelConflict,
      runKind: t.kind,
      bindingResolved: bound,
      conflicting: res.conflicting,
    });
    if (Number(b.issue?.number) > 0) await conflictComment(pool, correlationId, b, t.label, res.conflicting);
    return ignored;
  }
  if (!t && res.ignoreReason) {
    return ignore({
      reason: res.ignoreReason,
      bindingResolved: bound,
      conflicting: res.conflicting,
      suggested: res.suggested,
    });
  }
  if (t) {
    if (!binding) return ignore({ reason: IGNORE_REASONS.repoNotBound, runKind: t.kind, bindingResolved: false });
    const refusal = faults.has('sender-check-skipped')
      ? undefined
      : await senderRefusal(pool, faults, binding.project_id, b.sender);
    if (refusal) return ignore({ reason: refusal, runKind: t.kind, bindingResolved: true });
  }
  if (pushRef && !binding) return ignore({ reason: TRIGGER_IGNORE_REASONS.pushMainNotBound, bindingResolved: false });
  // push_main_versions_autobumped needs services.yaml version bumps committed through GitHub: the stand never bumps.
  if ((!t && !pushRef) || !binding) {
    await flowEvent(pool, correlationId, FLOW_EVENTS.webhookReceived, receivedEvent(d, correlationId));
    return { status: INGEST_STATUS.accepted, correlationId, runId: '' };
  }

  let runtime: Runtime = {
    mode: RUNTIME.fullEnv,
    source: 'push_main',
    targetEnv: 'production',
    namespace: K8S.codeOnlyNamespace,
    buildRef: pushRef,
    deployOnly: true,
    accessProfile: RUNTIME.candidate,
  };
  let agent: RunPayloadInput['agent'] = { key: '', name: '' };
  let learning = false;
  if (t) {
    learning = await learningMode(pool, binding, b.sender?.login ?? '');
    const key = agentKeyForKind(t.kind, t.source);
    const found = await pool.query(`SELECT id, agent_key, name FROM agents WHERE agent_key = $1 AND is_active`, [key]);
    if (!found.rowCount) throw new IngestError(`failed_precondition: no active agent configured for key "${key}"`);
    agent = { id: found.rows[0].id, key: found.rows[0].agent_key, name: found.rows[0].name };
    const rt = await runtimeFor(pool, binding, t, b);
    if ('reason' in rt) return ignore(rt);
    runtime = rt;
  }
  const runCorrelation = faults.has('correlation-not-delivery')
    ? randomUUID()
    : faults.has('replay-creates-run')
      ? `${correlationId}#${randomUUID().slice(0, 8)}`
      : correlationId;
  const payload = runPayload(d, {
    correlationId: runCorrelation,
    learningMode: learning,
    agent,
    trigger: t,
    runtime,
    project: {
      id: binding.project_id,
      repositoryId: binding.repository_id,
      servicesYaml: binding.services_yaml_path || 'services.yaml',
      bindingResolved: true,
    },
  });

  return inTransaction(pool, async (c) => {
    const inserted = await c.query(
      `INSERT INTO agent_runs (correlation_id, project_id, agent_id, status, run_payload, learning_mode)
       VALUES ($1, $2, $3, 'pending', $4, $5) ON CONFLICT (correlation_id) DO NOTHING RETURNING id`,
      [runCorrelation, binding.project_id, agent.id ?? null, JSON.stringify(payload), learning],
    );
    const isNew = inserted.rowCount === 1;
    if (isNew) await wakeWorkers(c); // a pending run: the workers claim it (the notification goes at COMMIT)
    const runId: string = isNew
      ? inserted.rows[0].id
      : (await c.query(`SELECT id FROM agent_runs WHERE correlation_id = $1`, [runCorrelation])).rows[0].id;
    await flowEvent(
      c,
      runCorrelation,
      isNew ? FLOW_EVENTS.webhookReceived : FLOW_EVENTS.webhookDuplicate,
      runEvent(d, runCorrelation, isNew, runId, t),
    );
    return { status: isNew ? INGEST_STATUS.accepted : INGEST_STATUS.duplicate, correlationId, runId };
  });
}
