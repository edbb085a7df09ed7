import { createHmac, randomUUID } from 'node:crypto';
import { PATHS } from '../../contract/kodex.js';

/**
 * Another tenant of the staging platform: a repository whose issue carries two run:* labels at once. kodex ignores
 * the delivery (issue_trigger_label_conflict) and its control plane records run.trigger.conflict.comment with no
 * run behind it, a row D1 must accept. Sent signed, through the public ingress, as GitHub would.
 */
export async function labelConflictDelivery(publicUrl: string, webhookSecret: string): Promise<void> {
  const labels = [{ name: 'run:dev' }, { name: 'run:qa' }];
  const body = JSON.stringify({
    action: 'labeled',
    label: labels[1],
    issue: { number: 7, title: 'another tenant', labels, html_url: 'https://github.com/other-tenant/app/issues/7' },
    repository: { id: 424242, full_name: 'other-tenant/app', name: 'app', owner: { login: 'other-tenant' } },
    sender: { login: 'other-tenant-dev', type: 'User', id: 4242 },
  });
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
  if (!res.ok) throw new Error(`the other tenant's label-conflict delivery answered ${res.status}`);
}
