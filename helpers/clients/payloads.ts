import { createRequire } from 'node:module';
import type {
  IssueCommentCreatedEvent,
  IssuesLabeledEvent,
  PingEvent,
  PullRequestLabeledEvent,
  PullRequestReviewSubmittedEvent,
  PushEvent,
} from '@octokit/webhooks-types';

const require = createRequire(import.meta.url);
const examples: { name: string; examples: any[] }[] = require('@octokit/webhooks-examples');

/** A deep copy of GitHub's own example delivery for an event/action, from @octokit/webhooks-examples. */
function example<T>(event: string, action?: string): T {
  const group = examples.find((e) => e.name === event);
  const found = group?.examples.find((e) => action === undefined || e.action === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event}${action ? `.${action}` : ''} example`);
  return structuredClone(found) as T;
}

export interface RepoRef {
  id: number;
  owner: string;
  name: string;
}

const labelObject = (template: IssuesLabeledEvent['label'] & object, name: string, i: number) => ({
  ...template,
  id: template.id + i + 1,
  name,
  url: `https://api.github.com/labels/${encodeURIComponent(name)}`,
  default: false,
});

/** Points an example delivery at our repository and sender. */
function retarget<T extends { repository?: any; sender?: any }>(
  p: T,
  repo: RepoRef,
  sender: string,
  senderType = 'User',
): T {
  const fullName = `${repo.owner}/${repo.name}`;
  Object.assign(p.repository, {
    id: repo.id,
    name: repo.name,
    full_name: fullName,
    html_url: `https://github.com/${fullName}`,
    url: `https://api.github.com/repos/${fullName}`,
  });
  p.repository.owner = { ...p.repository.owner, login: repo.owner };
  p.sender = { ...p.sender, login: sender, type: senderType };
  return p;
}
const labelTemplate = () => example<IssuesLabeledEvent>('issues', 'labeled').label!;
const labelsNamed = (names: string[]) => names.map((name, i) => labelObject(labelTemplate(), name, i));

/** issues/labeled shaped like GitHub's, retargeted at our repository, issue, sender and labels. */
export function issueLabeled(opts: {
  repo: RepoRef;
  issueNumber: number;
  label: string;
  otherLabels?: string[];
  sender: string;
  senderType?: string;
}): IssuesLabeledEvent {
  const p = retarget(example<IssuesLabeledEvent>('issues', 'labeled'), opts.repo, opts.sender, opts.senderType);
  const fullName = `${opts.repo.owner}/${opts.repo.name}`;
  const labels = [opts.label, ...(opts.otherLabels ?? [])].map((name, i) => labelObject(p.label!, name, i));
  p.label = labels[0];
  Object.assign(p.issue, {
    number: opts.issueNumber,
    labels,
    title: `kodex-gate scenario issue #${opts.issueNumber}`,
    html_url: `https://github.com/${fullName}/issues/${opts.issueNumber}`,
  });
  return p;
}

/** A ping delivery (creates no run at HEAD). */
export function ping(repo: RepoRef, sender: string): PingEvent {
  const p = example<PingEvent>('ping');
  if (p.repository)
    Object.assign(p.repository, { id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}` });
  if (p.sender) p.sender = { ...p.sender, login: sender };
  return p;
}

/** issue_comment/created on an issue (not a PR) carrying `labels`. */
export function issueComment(opts: {
  repo: RepoRef;
  issueNumber: number;
  labels: string[];
  sender: string;
  senderType?: string;
}): IssueCommentCreatedEvent {
  const p = retarget(
    example<IssueCommentCreatedEvent>('issue_comment', 'created'),
    opts.repo,
    opts.sender,
    opts.senderType,
  );
  Object.assign(p.issue, { number: opts.issueNumber, labels: labelsNamed(opts.labels), pull_request: undefined });
  return p;
}

/** pull_request/labeled: `label` added to PR `prNumber`, last updated at `updatedAt`. */
export function pullRequestLabeled(opts: {
  repo: RepoRef;
  prNumber: number;
  label: string;
  updatedAt: string;
  sender: string;
}): PullRequestLabeledEvent {
  const p = retarget(example<PullRequestLabeledEvent>('pull_request', 'labeled'), opts.repo, opts.sender);
  const labels = labelsNamed([opts.label]);
  p.number = opts.prNumber;
  p.label = labels[0];
  Object.assign(p.pull_request, { number: opts.prNumber, labels, updated_at: opts.updatedAt });
  return p;
}

/** pull_request_review/submitted with `state` on PR `prNumber` carrying `prLabels`. */
export function pullRequestReview(opts: {
  repo: RepoRef;
  prNumber: number;
  state: string;
  prLabels: string[];
  sender: string;
}): PullRequestReviewSubmittedEvent {
  const p = retarget(
    example<PullRequestReviewSubmittedEvent>('pull_request_review', 'submitted'),
    opts.repo,
    opts.sender,
  );
  Object.assign(p.review, { state: opts.state });
  Object.assign(p.pull_request, { number: opts.prNumber, labels: labelsNamed(opts.prLabels) });
  return p;
}

/** push of `after` to `ref` (e.g. refs/heads/main). */
export function push(opts: { repo: RepoRef; ref: string; after: string; sender: string }): PushEvent {
  const p = retarget(example<PushEvent>('push'), opts.repo, opts.sender);
  Object.assign(p, { ref: opts.ref, after: opts.after, deleted: /^0+$/.test(opts.after) });
  return p;
}
