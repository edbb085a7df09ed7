import { request } from 'undici';
import { HttpError } from './auth.js';

/** The gateway's calls to the GitHub REST API: repository validation and EnsureWebhook. */
export class GitHubClient {
  constructor(private readonly baseUrl: string) {}

  private async call(method: 'GET' | 'POST' | 'PATCH', path: string, token: string, body?: object) {
    const res = await request(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/vnd.github+json',
        'content-type': 'application/json',
        'user-agent': 'kodex-stand',
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json: any = await res.body.json().catch(() => ({}));
    return { status: res.statusCode, json };
  }

  async getRepository(owner: string, name: string, token: string): Promise<{ id: number; full_name: string }> {
    const { status, json } = await this.call('GET', `/repos/${owner}/${name}`, token);
    if (status !== 200) {
      throw new HttpError(400, {
        code: 'invalid_argument',
        message: `repository ${owner}/${name}: github answered ${status} ${json.message ?? ''}`.trim(),
      });
    }
    return json;
  }

  /** Creates the platform's hook, or updates it when one with the same URL exists. */
  async ensureWebhook(owner: string, name: string, token: string, url: string, secret: string): Promise<void> {
    const hooks = await this.call('GET', `/repos/${owner}/${name}/hooks`, token);
    const config = { url, content_type: 'json', insecure_ssl: '0', secret };
    const body = {
      name: 'web',
      active: true,
      events: ['issues', 'issue_comment', 'pull_request', 'pull_request_review', 'push'],
      config,
    };
    const existing = Array.isArray(hooks.json) ? hooks.json.find((h: any) => h.config?.url === url) : undefined;
    const res = existing
      ? await this.call('PATCH', `/repos/${owner}/${name}/hooks/${existing.id}`, token, body)
      : await this.call('POST', `/repos/${owner}/${name}/hooks`, token, body);
    if (res.status >= 300)
      throw new HttpError(409, {
        code: 'failed_precondition',
        message: `ensure webhook: github answered ${res.status}`,
      });
  }
}
