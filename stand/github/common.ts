import { createHash } from 'node:crypto';

/** A stable numeric id per full name, so a repository keeps its id across stand restarts. */
export function githubRepoId(fullName: string): number {
  return createHash('sha256').update(fullName.toLowerCase()).digest().readUInt32BE(0) + 1_000_000;
}

export const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };

/** What every endpoint module of the stand-in shares: its own base URL and the repository lookup. */
export interface GitHubContext {
  base: () => string;
  repoOf: (owner: string, repo: string) => ReturnType<typeof repoJson> | undefined;
}

/** Every repository exists, except names starting with `missing-`. */
export function repoJson(base: string, owner: string, repo: string) {
  const fullName = `${owner}/${repo}`;
  return {
    id: githubRepoId(fullName),
    node_id: `R_${githubRepoId(fullName)}`,
    name: repo,
    full_name: fullName,
    private: true,
    owner: { login: owner, id: githubRepoId(owner), type: 'Organization' },
    html_url: `https://github.com/${fullName}`,
    default_branch: 'main',
    url: `${base}/repos/${fullName}`,
  };
}
