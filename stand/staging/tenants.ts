import { createHmac, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { PATHS } from '../../contract/kodex.js';
import { githubRepoId } from '../github/common.js';
import { attachRepository, seedProject } from './sandbox.js';

/** Another tenant of the shared staging: its own project, repository and developer, unrelated to the gate. */
export const OTHER_TENANT = {
  project: { id: '5e1d0000-0000-4000-8000-00000000b001', slug: 'other-tenant-app' },
  repo: { owner: 'other-tenant', name: 'app' },
  sender: { email: 'dev@other-tenant.test', login: 'other-tenant-dev' },
} as const;
const fullName = `${OTHER_TENANT.repo.owner}/${OTHER_TENANT.repo.name}`;
const repository = {
  id: githubRepoId(fullName),
  full_name: fullName,
  name: OTHER_TENANT.repo.name,
  owner: { login: OTHER_TENANT.repo.owner },
};

/** A delivery signed as GitHub signs it, sent through the public ingress. */
async function deliver(publicUrl: string, webhookSecret: string, payload: object, what: string): Promise<void> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${publicUrl}${PATHS.webhook}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}`,
    },
    body,
  });
  if (!res.ok) throw new Error(`the other tenant's ${what} answered ${res.status}`);
}

const labeled = (number: number, labels: { name: string }[]) => ({
  action: 'labeled',
  label: labels[labels.length - 1],
  issue: { number, title: 'another tenant', labels, html_url: `https://github.com/${fullName}/issues/${number}` },
  repository,
  sender: { login: OTHER_TENANT.sender.login, type: 'User', id: 4242 },
});

/**
 * An issue carrying two run:* labels at once. kodex ignores the delivery (issue_trigger_label_conflict) and its
 * control plane records run.trigger.conflict.comment with no run behind it, a row D1 must accept.
 */
export async function labelConflictDelivery(publicUrl: string, webhookSecret: string): Promise<void> {
  await deliver(publicUrl, webhookSecret, labeled(7, [{ name: 'run:dev' }, { name: 'run:qa' }]), 'label conflict');
}

/** The tenant's project, its developer as a read_write member, and its repository attached as the owner would. */
export async function seedOtherTenant(pool: pg.Pool, gatewayUrl: string, githubToken: string): Promise<void> {
  const { project, sender, repo } = OTHER_TENANT;
  await seedProject(pool, project, [{ ...sender, role: 'read_write' }]);
  await attachRepository(gatewayUrl, project.id, repo, githubToken);
}

/**
 * The tenant's developers at work while the gate runs: a run:dev label on a new issue every `everyMs`, at a pace
 * its two slots keep up with (a backlog of its pending runs would hold every project behind kodex's oldest-first
 * claim, which no real tenant's pace does). Returns how to stop it.
 */
export function startTenantTraffic(
  publicUrl: string,
  webhookSecret: string,
  everyMs: number,
  log: (m: string) => void,
): () => Promise<void> {
  let issue = 1000;
  const timer = setInterval(() => {
    deliver(publicUrl, webhookSecret, labeled(++issue, [{ name: 'run:dev' }]), `run:dev on #${issue}`).catch((e) =>
      log(String(e?.message ?? e)),
    );
  }, everyMs);
  return async () => clearInterval(timer);
}
