import { request } from 'undici';

export interface RepoHook {
  id: number;
  active: boolean;
  events: string[];
  config: { url?: string; content_type?: string; secret?: string };
}

/**
 * A repository's webhooks whose URL is the platform's webhook URL, read through GitHub's REST API
 * (GET /repos/{owner}/{repo}/hooks) with the repository's token, as kodex's EnsureWebhook matches them.
 */
export async function platformHooks(
  apiUrl: string,
  owner: string,
  name: string,
  token: string,
  webhookUrl: string,
): Promise<RepoHook[]> {
  const res = await request(`${apiUrl.replace(/\/$/, '')}/repos/${owner}/${name}/hooks?per_page=100`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'user-agent': 'kodex-gate' },
  });
  if (res.statusCode !== 200)
    throw new Error(`GitHub answered ${res.statusCode} listing the hooks of ${owner}/${name}`);
  const hooks = (await res.body.json()) as RepoHook[];
  return hooks.filter((h) => String(h.config?.url ?? '').toLowerCase() === webhookUrl.toLowerCase());
}
