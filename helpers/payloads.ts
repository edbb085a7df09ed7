import { createRequire } from 'node:module';
import type { IssuesLabeledEvent, PingEvent } from '@octokit/webhooks-types';

const require = createRequire(import.meta.url);
const examples: { name: string; examples: any[] }[] = require('@octokit/webhooks-examples');

/** A deep copy of GitHub's own example delivery for an event/action, from @octokit/webhooks-examples. */
function example<T>(event: string, action?: string): T {
  const group = examples.find((e) => e.name === event);
  const found = group?.examples.find((e) => action === undefined || e.action === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event}${action ? `.${action}` : ''} example`);
  return structuredClone(found) as T;
}

export interface RepoRef { id: number; owner: string; name: string }

const labelObject = (template: IssuesLabeledEvent['label'] & object, name: string, i: number) =>
  ({ ...template, id: template.id + i + 1, name, url: `https://api.github.com/labels/${encodeURIComponent(name)}`, default: false });

/** issues/labeled shaped like GitHub's, retargeted at our repository, issue, sender and labels. */
export function issueLabeled(opts: { repo: RepoRef; issueNumber: number; label: string; otherLabels?: string[]; sender: string; senderType?: string }): IssuesLabeledEvent {
  const p = example<IssuesLabeledEvent>('issues', 'labeled');
  const fullName = `${opts.repo.owner}/${opts.repo.name}`;
  Object.assign(p.repository, {
    id: opts.repo.id, name: opts.repo.name, full_name: fullName,
    html_url: `https://github.com/${fullName}`, url: `https://api.github.com/repos/${fullName}`,
  });
  p.repository.owner = { ...p.repository.owner, login: opts.repo.owner };
  p.sender = { ...p.sender, login: opts.sender, type: (opts.senderType ?? 'User') as any };
  const labels = [opts.label, ...(opts.otherLabels ?? [])].map((name, i) => labelObject(p.label!, name, i));
  p.label = labels[0];
  Object.assign(p.issue, {
    number: opts.issueNumber, labels, title: `kodex-gate scenario issue #${opts.issueNumber}`,
    html_url: `https://github.com/${fullName}/issues/${opts.issueNumber}`,
  });
  return p;
}

/** A ping delivery (creates no run at HEAD). */
export function ping(repo: RepoRef, sender: string): PingEvent {
  const p = example<PingEvent>('ping');
  if (p.repository) Object.assign(p.repository, { id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}` });
  if (p.sender) p.sender = { ...p.sender, login: sender };
  return p;
}
