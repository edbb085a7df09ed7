import { createHash } from 'node:crypto';

/**
 * kodex's trigger rules (control-plane internal/domain/webhook: trigger_labels.go, service_helpers.go,
 * pull_request_review_resolver.go, libs/go/domain/webhook/constants.go). Labels compare trimmed and
 * lower-cased; a `run:*` label outside this catalog is no trigger at all.
 */
export const REVIEW_STAGES = [
  'intake',
  'vision',
  'prd',
  'arch',
  'design',
  'plan',
  'dev',
  'doc-audit',
  'qa',
  'release',
  'postdeploy',
  'ops',
  'self-improve',
] as const;
const kindOf = (stage: string) => stage.replace(/-/g, '_');
const TRIGGER_LABEL_KINDS: Readonly<Record<string, string>> = Object.fromEntries([
  ...REVIEW_STAGES.flatMap((s) => [
    [`run:${s}`, kindOf(s)],
    [`run:${s}:revise`, `${kindOf(s)}_revise`],
  ]),
  ['run:ai-repair', 'ai_repair'],
  ['run:rethink', 'rethink'],
]);
export const normaliseLabel = (label: unknown) => (typeof label === 'string' ? label.trim().toLowerCase() : '');
export const triggerKindForLabel = (label: unknown): string | undefined => TRIGGER_LABEL_KINDS[normaliseLabel(label)];

export const TRIGGER_SOURCES = {
  issueLabel: 'issue_label',
  issueComment: 'issue_comment',
  pullRequestLabel: 'pull_request_label',
  pullRequestReview: 'pull_request_review',
} as const;

/** Agent per trigger kind (resolveRunAgentKey); a need:reviewer PR label always runs the reviewer. */
export function agentKeyForKind(kind: string, source?: string): string {
  if (source === TRIGGER_SOURCES.pullRequestLabel) return 'reviewer';
  const base = kind.replace(/_revise$/, '');
  if (['intake', 'vision', 'prd'].includes(base)) return 'pm';
  if (['arch', 'design'].includes(base)) return 'sa';
  if (['plan', 'release', 'rethink'].includes(base)) return 'em';
  if (['doc_audit', 'self_improve'].includes(base)) return 'km';
  if (base === 'qa') return 'qa';
  if (['ai_repair', 'postdeploy', 'ops'].includes(base)) return 'sre';
  return 'dev';
}

/** Ignore reasons beyond the basic set in kodex.ts IGNORE_REASONS. */
export const TRIGGER_IGNORE_REASONS = {
  discussionConflict: 'discussion_mode_trigger_label_conflict',
  pushMainNotBound: 'repository_not_bound_for_push_main',
  pushMainAutobumped: 'push_main_versions_autobumped',
  candidateNotFound: 'issue_trigger_candidate_not_found',
  reviewStageAmbiguous: 'pull_request_review_stage_ambiguous',
  reviewStageNotResolved: 'pull_request_review_stage_not_resolved',
  senderRoleNotPermitted: 'sender_role_not_permitted',
} as const;
/** isActorAllowedForIssueTrigger: any non-user sender type, lower-cased, e.g. sender_type_bot_not_permitted. */
export const senderTypeReason = (type: string) => `sender_type_${type.trim().toLowerCase()}_not_permitted`;
export const senderRoleReason = (role: string) => `sender_role_${role.trim().toLowerCase()}_not_permitted`;

export const REVIEW_FLOW_EVENTS = {
  changesRequested: 'run.review.changes_requested.received',
  stageResolved: 'run.revise.stage_resolved',
  stageAmbiguous: 'run.revise.stage_ambiguous',
} as const;

export const RUNTIME = {
  fullEnv: 'full-env',
  codeOnly: 'code-only',
  candidate: 'candidate',
  productionReadOnly: 'production-readonly',
} as const;

const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
/** RFC 4122 name-based UUID (SHA-1), as Go's uuid.NewSHA1. */
export function uuidV5(name: string, namespace = URL_NAMESPACE): string {
  const h = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest()
    .subarray(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Go's time.Parse(RFC3339Nano) then UTC().Format(RFC3339Nano): UTC, trailing fraction zeros dropped; unparsable stays. */
export function goUtcTimestamp(value: string): string {
  const t = value.trim();
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i.exec(t);
  if (!m) return t;
  const whole = new Date(`${m[1]}${m[3].toUpperCase()}`);
  if (Number.isNaN(whole.getTime())) return t;
  const fraction = (m[2] ?? '').slice(0, 9).replace(/0+$/, '');
  return `${whole.toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/** The correlation id of a need:reviewer PR label run: one run per (repo, PR, label, updated_at), across deliveries. */
export function reviewerCorrelationId(o: {
  repoFullName: string;
  prNumber: number;
  action: string;
  label: string;
  updatedAt: string;
}): string | undefined {
  const repo = o.repoFullName.trim().toLowerCase();
  const action = o.action.trim().toLowerCase();
  const label = o.label.trim().toLowerCase();
  const updatedAt = o.updatedAt.trim() ? goUtcTimestamp(o.updatedAt) : '';
  if (!repo || o.prNumber <= 0 || !action || !label || !updatedAt) return undefined;
  return `pr-label-reviewer-${uuidV5(`pull_request_label|${repo}|${o.prNumber}|${action}|${label}|${updatedAt}`)}`;
}
