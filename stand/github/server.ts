import Fastify from 'fastify';
import { repoJson, type GitHubContext } from './common.js';
import { registerChecks } from './checks.js';
import { registerIssues } from './issues.js';
import { registerRepos } from './repos.js';

export { githubRepoId } from './common.js';

/**
 * GitHub REST stand-in: repository lookup, webhooks (repos.ts), issues (issues.ts), and check runs and commit
 * statuses on commits (checks.ts). Every repository exists (except names starting with `missing-`); any token
 * works except `bad-token`, and none gets 401 as on GitHub.
 */
export async function startGitHubApi(opts: { host?: string; port?: number; log?: (m: string) => void }) {
  const app = Fastify({ logger: false });
  const base = () => `http://${opts.host ?? '127.0.0.1'}:${port}`;
  app.addHook('onRequest', async (req, reply) => {
    const auth = String(req.headers.authorization ?? '').replace(/^(Bearer|token)\s+/i, '');
    if (!auth || auth === 'bad-token')
      return reply
        .code(401)
        .send({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
  });
  const ctx: GitHubContext = {
    base,
    repoOf: (owner, repo) => (repo.startsWith('missing-') ? undefined : repoJson(base(), owner, repo)),
  };
  registerRepos(app, ctx);
  registerIssues(app, ctx);
  registerChecks(app, ctx);

  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const port = (app.server.address() as { port: number }).port;
  return { url: base(), port, close: () => app.close() };
}
