import type pg from 'pg';
import { DISCUSSION_LABEL, REVIEWER_LABEL } from '../../contract/kodex.js';
import {
  REVIEW_STAGES,
  TRIGGER_IGNORE_REASONS,
  TRIGGER_SOURCES,
  normaliseLabel,
  triggerKindForLabel,
} from '../../contract/triggers.js';

/** A delivery that starts a run, as kodex's resolveIssueRunTrigger sees it. */
export interface Trigger {
  source: string;
  label: string;
  kind: string;
  discussion: boolean;
}
export interface Resolution {
  trigger?: Trigger;
  /** The issue's trigger labels (normalised, sorted): more than one is a conflict. */
  conflicting: string[];
  ignoreReason?: string;
  suggested?: string[];
  /** pull_request_review changes_requested was received (kodex records it whatever the outcome). */
  review?: { resolverSource: string; suggested?: string[] };
}

const names = (labels: unknown): string[] =>
  Array.isArray(labels) ? labels.map((l: any) => l?.name).filter((n) => typeof n === 'string') : [];
const sortedUnique = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))].sort();

/** The issue's labels that are in the trigger catalog, normalised and sorted (collectIssueTriggerLabels). */
const issueTriggerLabels = (labels: unknown) =>
  sortedUnique(
    names(labels)
      .map(normaliseLabel)
      .filter((l) => triggerKindForLabel(l)),
  );

function discussionTrigger(labels: unknown, source: string): Resolution {
  const conflicting = issueTriggerLabels(labels);
  if (conflicting.length > 1)
    return { conflicting, ignoreReason: TRIGGER_IGNORE_REASONS.discussionConflict, suggested: conflicting };
  const kind = conflicting.length === 1 ? triggerKindForLabel(conflicting[0])! : 'dev';
  return { trigger: { source, label: DISCUSSION_LABEL, kind, discussion: true }, conflicting };
}

/** A discussion run still pending or running on this issue: a second one is not started. */
async function activeDiscussionRun(
  pool: pg.Pool,
  projectId: string | undefined,
  repo: string,
  issue: number,
): Promise<boolean> {
  if (!projectId || !repo || !(issue > 0)) return false;
  const r = await pool.query(
    `SELECT 1 FROM agent_runs WHERE project_id = $1 AND lower(run_payload #>> '{repository,full_name}') = lower($2)
       AND run_payload #>> '{issue,number}' = $3 AND lower(run_payload #>> '{trigger,label}') = $4
       AND status IN ('pending', 'running') LIMIT 1`,
    [projectId, repo, String(issue), DISCUSSION_LABEL],
  );
  return (r.rowCount ?? 0) > 0;
}

const stageLabels = (stage: string) => [`run:${stage}`, `run:${stage}:revise`];
const allStageHints = () => sortedUnique(REVIEW_STAGES.flatMap(stageLabels));
const reviseTrigger = (stage: string): Trigger => ({
  source: TRIGGER_SOURCES.pullRequestReview,
  label: `run:${stage}:revise`,
  kind: `${stage.replace(/-/g, '_')}_revise`,
  discussion: false,
});

/** Stages named by a label set: one is the answer, several are ambiguous (resolveStageFromLabelRecords). */
function stagesIn(labels: string[]): string[] {
  const set = new Set(labels.map(normaliseLabel));
  return REVIEW_STAGES.filter((s) => stageLabels(s).some((l) => set.has(l)));
}

/** pull_request_review changes_requested → `<stage>:revise` from PR labels, issue labels, then the PR's last run. */
async function reviewTrigger(pool: pg.Pool, projectId: string | undefined, b: any): Promise<Resolution> {
  const sources: [string, () => Promise<string[]>][] = [
    ['pr_labels', async () => names(b.pull_request?.labels)],
    ['issue_labels', async () => names(b.issue?.labels)],
    [
      'last_run_context',
      async () =>
        lastRunLabelOfPullRequest(pool, projectId, b.repository?.full_name ?? '', Number(b.pull_request?.number ?? 0)),
    ],
  ];
  for (const [resolverSource, labelsOf] of sources) {
    const stages = stagesIn(await labelsOf());
    if (stages.length > 1) {
      const conflicting = sortedUnique(stages.map((s) => `run:${s}:revise`));
      return {
        conflicting,
        ignoreReason: TRIGGER_IGNORE_REASONS.reviewStageAmbiguous,
        suggested: conflicting,
        review: { resolverSource, suggested: conflicting },
      };
    }
    if (stages.length === 1) return { trigger: reviseTrigger(stages[0]), conflicting: [], review: { resolverSource } };
  }
  const suggested = allStageHints();
  return {
    conflicting: [],
    ignoreReason: TRIGGER_IGNORE_REASONS.reviewStageNotResolved,
    suggested,
    review: { resolverSource: 'stage_not_resolved', suggested },
  };
}

async function lastRunLabelOfPullRequest(
  pool: pg.Pool,
  projectId: string | undefined,
  repo: string,
  pr: number,
): Promise<string[]> {
  if (!projectId || !repo || !(pr > 0)) return [];
  const r = await pool.query(
    `SELECT run_payload #>> '{trigger,label}' AS label FROM agent_runs WHERE project_id = $1
       AND lower(run_payload #>> '{repository,full_name}') = lower($2) AND run_payload #>> '{pull_request,number}' = $3
     ORDER BY created_at DESC LIMIT 20`,
    [projectId, repo, String(pr)],
  );
  const found = r.rows.map((x) => x.label ?? '').find((l: string) => stagesIn([l]).length === 1);
  return found ? [found] : [];
}

const userSender = (sender: any) => {
  const type = normaliseLabel(sender?.type);
  return (type === '' || type === 'user') && normaliseLabel(sender?.login) !== '';
};

/** kodex's resolveIssueRunTrigger, per event. */
export async function resolveTrigger(
  pool: pg.Pool,
  projectId: string | undefined,
  event: string,
  b: any,
): Promise<Resolution> {
  const action = normaliseLabel(b.action);
  const none: Resolution = { conflicting: [] };
  const repo: string = b.repository?.full_name?.trim() ?? '';
  const issue = Number(b.issue?.number ?? 0);
  switch (event.trim().toLowerCase()) {
    case 'issues': {
      const label = typeof b.label?.name === 'string' ? b.label.name.trim() : '';
      if (action !== 'labeled' || !label) return none;
      if (normaliseLabel(label) === DISCUSSION_LABEL) {
        const r = discussionTrigger(b.issue?.labels, TRIGGER_SOURCES.issueLabel);
        if (r.ignoreReason) return r;
        return (await activeDiscussionRun(pool, projectId, repo, issue)) ? none : r;
      }
      const kind = triggerKindForLabel(label);
      if (!kind) return none;
      return {
        trigger: { source: TRIGGER_SOURCES.issueLabel, label, kind, discussion: false },
        conflicting: issueTriggerLabels(b.issue?.labels),
      };
    }
    case 'issue_comment': {
      if (action !== 'created' || !(issue > 0) || b.issue?.pull_request) return none;
      if (!names(b.issue?.labels).some((l) => normaliseLabel(l) === DISCUSSION_LABEL)) return none;
      if (!userSender(b.sender)) return none;
      const r = discussionTrigger(b.issue?.labels, TRIGGER_SOURCES.issueComment);
      if (r.ignoreReason) return r;
      return (await activeDiscussionRun(pool, projectId, repo, issue)) ? none : r;
    }
    case 'pull_request': {
      const label = typeof b.label?.name === 'string' ? b.label.name.trim() : '';
      if (action !== 'labeled' || !(Number(b.pull_request?.number ?? 0) > 0)) return none;
      if (normaliseLabel(label) !== REVIEWER_LABEL) return none;
      return {
        trigger: { source: TRIGGER_SOURCES.pullRequestLabel, label, kind: 'dev', discussion: false },
        conflicting: [],
      };
    }
    case 'pull_request_review':
      if (action !== 'submitted' || normaliseLabel(b.review?.state) !== 'changes_requested') return none;
      return reviewTrigger(pool, projectId, b);
    default:
      return none;
  }
}

/** push to main/master (not a branch deletion) → a deploy-only run of the pushed commit (resolvePushMainDeploy). */
export function pushMainBuildRef(event: string, b: any): string | undefined {
  if (event.trim().toLowerCase() !== 'push') return undefined;
  const ref = normaliseLabel(b.ref);
  if (ref !== 'refs/heads/main' && ref !== 'refs/heads/master') return undefined;
  const after = typeof b.after === 'string' ? b.after.trim() : '';
  if (b.deleted === true || !after || /^0+$/.test(after)) return undefined;
  return after;
}
