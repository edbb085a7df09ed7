import { request } from '@octokit/request';
import type { Target } from '../runner/config.js';

/** A repository webhook as GitHub's REST API lists it. */
export interface RepoHook {
  id: number;
  active: boolean;
  events: string[];
  config: { url?: string; content_type?: string; secret?: string };
}

export interface GateIssue {
  number: number;
  labels: string[];
  htmlUrl: string;
}

/**
 * The suite's GitHub REST client (@octokit/request) for one repository: it opens the issues scenarios run on,
 * removes their labels (releasing a held gate agent) and closes them afterwards, and reads the repository's
 * webhooks. Writes are refused on production. Octokit redacts the token in errors.
 */
export class GateGitHub {
  private readonly gh: typeof request;
  constructor(
    apiUrl: string,
    token: string,
    private readonly owner: string,
    private readonly repo: string,
    private readonly target: Target,
  ) {
    this.gh = request.defaults({
      baseUrl: apiUrl.replace(/\/+$/, ''),
      headers: { authorization: `token ${token}`, 'user-agent': 'kodex-gate' },
    });
  }

  get repository(): string {
    return `${this.owner}/${this.repo}`;
  }

  async createIssue(title: string, body: string, labels: string[]): Promise<GateIssue> {
    this.refuseOnProduction('create issues');
    const res = await this.gh('POST /repos/{owner}/{repo}/issues', {
      owner: this.owner,
      repo: this.repo,
      title,
      body,
      labels,
    });
    return {
      number: res.data.number,
      labels: res.data.labels.map((l: any) => (typeof l === 'string' ? l : l.name)),
      htmlUrl: res.data.html_url,
    };
  }

  async issueLabels(issue: number): Promise<string[]> {
    const res = await this.gh('GET /repos/{owner}/{repo}/issues/{issue_number}/labels', {
      owner: this.owner,
      repo: this.repo,
      issue_number: issue,
      per_page: 100,
    });
    return res.data.map((l: { name: string }) => l.name);
  }

  /**
   * Removes a label from an issue (DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}); the labels
   * left. GitHub answers 404 "Label does not exist" when the issue does not carry it, and that is thrown.
   */
  async removeLabel(issue: number, name: string): Promise<string[]> {
    this.refuseOnProduction('remove labels');
    const res = await this.gh('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', {
      owner: this.owner,
      repo: this.repo,
      issue_number: issue,
      name,
    });
    return res.data.map((l: { name: string }) => l.name);
  }

  async closeIssue(issue: number): Promise<void> {
    this.refuseOnProduction('close issues');
    await this.gh('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      owner: this.owner,
      repo: this.repo,
      issue_number: issue,
      state: 'closed',
      state_reason: 'completed',
    });
  }

  /** A file of the repository's default branch, or undefined when it has none (the token needs Contents: read). */
  async fileText(path: string): Promise<string | undefined> {
    try {
      const res = await this.gh('GET /repos/{owner}/{repo}/contents/{path}', {
        owner: this.owner,
        repo: this.repo,
        path,
        headers: { accept: 'application/vnd.github.raw' },
      });
      return String(res.data);
    } catch (err: any) {
      if (err?.status === 404) return undefined;
      throw err;
    }
  }

  async issueState(issue: number): Promise<string> {
    return (
      await this.gh('GET /repos/{owner}/{repo}/issues/{issue_number}', {
        owner: this.owner,
        repo: this.repo,
        issue_number: issue,
      })
    ).data.state;
  }

  /**
   * The repository's webhooks whose URL is the platform's webhook URL (GET /repos/{owner}/{repo}/hooks),
   * matched as kodex's EnsureWebhook matches them.
   */
  async platformHooks(webhookUrl: string): Promise<RepoHook[]> {
    const res = await this.gh('GET /repos/{owner}/{repo}/hooks', { owner: this.owner, repo: this.repo, per_page: 100 });
    const hooks = res.data as RepoHook[];
    return hooks.filter((h) => String(h.config?.url ?? '').toLowerCase() === webhookUrl.toLowerCase());
  }

  private refuseOnProduction(what: string) {
    if (this.target === 'production') throw new Error(`kodex-gate refuses to ${what} on a production target`);
  }
}
