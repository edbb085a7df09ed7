import { request } from '@octokit/request';

/** The gate's decision as GitHub shows it on a commit. */
export interface ReleaseCheck {
  decision: string;
  title: string;
  summary: string;
  reportUrl?: string;
}
const CHECK_NAME = 'kodex-gate';

/**
 * Publishes the gate's decision on the release commit: a check run (conclusion, summary, link to the report), or,
 * when the token is not a GitHub App's (GitHub answers 403: only Apps create check runs), a commit status.
 * Only GO succeeds: NO-GO and INCOMPLETE both fail the check, so a required check never lets them through.
 */
export async function publishReleaseCheck(opts: {
  apiUrl: string;
  token: string;
  repo: string;
  sha: string;
  check: ReleaseCheck;
}): Promise<string> {
  const [owner, repo] = opts.repo.split('/');
  const gh = request.defaults({
    baseUrl: opts.apiUrl.replace(/\/+$/, ''),
    headers: { authorization: `token ${opts.token}`, 'user-agent': 'kodex-gate' },
  });
  const { check } = opts;
  const success = check.decision === 'GO';
  try {
    const res = await gh('POST /repos/{owner}/{repo}/check-runs', {
      owner,
      repo,
      name: CHECK_NAME,
      head_sha: opts.sha,
      status: 'completed',
      conclusion: success ? 'success' : 'failure',
      ...(check.reportUrl ? { details_url: check.reportUrl } : {}),
      output: { title: check.title.slice(0, 255), summary: check.summary.slice(0, 65_000) },
    });
    return `check run ${res.data.id} (${res.data.conclusion}) on ${opts.repo}@${opts.sha.slice(0, 12)}`;
  } catch (err) {
    if ((err as { status?: number }).status !== 403) throw err;
  }
  await gh('POST /repos/{owner}/{repo}/statuses/{sha}', {
    owner,
    repo,
    sha: opts.sha,
    state: success ? 'success' : 'failure',
    context: CHECK_NAME,
    description: check.title.slice(0, 140),
    ...(check.reportUrl ? { target_url: check.reportUrl } : {}),
  });
  return `commit status ${success ? 'success' : 'failure'} on ${opts.repo}@${opts.sha.slice(0, 12)} (the token may not create check runs)`;
}

/** The gate's check runs and statuses on a commit, newest first (for tests and the doctor). */
export async function releaseChecksOf(opts: { apiUrl: string; token: string; repo: string; sha: string }) {
  const [owner, repo] = opts.repo.split('/');
  const gh = request.defaults({
    baseUrl: opts.apiUrl.replace(/\/+$/, ''),
    headers: { authorization: `token ${opts.token}`, 'user-agent': 'kodex-gate' },
  });
  const runs = await gh('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner, repo, ref: opts.sha });
  const statuses = await gh('GET /repos/{owner}/{repo}/commits/{ref}/statuses', { owner, repo, ref: opts.sha });
  return {
    checkRuns: runs.data.check_runs
      .filter((c) => c.name === CHECK_NAME)
      .map((c) => ({
        conclusion: c.conclusion,
        title: c.output.title,
        summary: c.output.summary,
        detailsUrl: c.details_url,
      })),
    statuses: statuses.data
      .filter((s) => s.context === CHECK_NAME)
      .map((s) => ({ state: s.state, description: s.description, targetUrl: s.target_url })),
  };
}
