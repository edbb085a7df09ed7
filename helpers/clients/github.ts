import { request } from '@octokit/request';
import type { Target } from '../runner/config.js';

export interface GateIssue {
  number: number;
  labels: string[];
  htmlUrl: string;
}

/**
 * The suite's GitHub REST client (@octokit/request) for the test repository: it opens the issues scenarios
 * run on and closes them afterwards. Writes are refused on production. Octokit redacts the token in errors.
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

  private refuseOnProduction(what: string) {
    if (this.target === 'production') throw new Error(`kodex-gate refuses to ${what} on a production target`);
  }
}
