import { createHash } from 'node:crypto';
import Fastify from 'fastify';

/** A stable numeric id per full name, so a repository keeps its id across stand restarts. */
export function githubRepoId(fullName: string): number {
  return createHash('sha256').update(fullName.toLowerCase()).digest().readUInt32BE(0) + 1_000_000;
}

interface Hook { id: number; name: string; active: boolean; events: string[]; config: Record<string, string>; created_at: string; updated_at: string }

/**
 * GitHub REST stand-in: repository lookup and webhook create/list/update/delete. Every repository exists
 * (except names starting with `missing-`); any token works except `bad-token`.
 */
export async function startGitHubApi(opts: { host?: string; port?: number; log?: (m: string) => void }) {
  const app = Fastify({ logger: false });
  const hooks = new Map<string, Hook[]>();
  let nextHookId = 1;
  const base = () => `http://${opts.host ?? '127.0.0.1'}:${port}`;

  app.addHook('onRequest', async (req, reply) => {
    const auth = String(req.headers.authorization ?? '').replace(/^(Bearer|token)\s+/i, '');
    if (!auth || auth === 'bad-token') return reply.code(401).send({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
  });
  const repoOf = (owner: string, repo: string) => {
    if (repo.startsWith('missing-')) return undefined;
    const fullName = `${owner}/${repo}`;
    return {
      id: githubRepoId(fullName), node_id: `R_${githubRepoId(fullName)}`, name: repo, full_name: fullName, private: true,
      owner: { login: owner, id: githubRepoId(owner), type: 'Organization' },
      html_url: `https://github.com/${fullName}`, default_branch: 'main', url: `${base()}/repos/${fullName}`,
    };
  };
  const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };
  const hookJson = (fullName: string, h: Hook) => ({
    type: 'Repository', ...h, config: { ...h.config, secret: h.config.secret ? '********' : undefined },
    url: `${base()}/repos/${fullName}/hooks/${h.id}`, ping_url: `${base()}/repos/${fullName}/hooks/${h.id}/pings`,
    last_response: { code: null, status: 'unused', message: null },
  });

  app.get<{ Params: { owner: string; repo: string } }>('/repos/:owner/:repo', async (req, reply) => {
    const r = repoOf(req.params.owner, req.params.repo);
    return r ? r : reply.code(404).send(notFound);
  });
  app.get<{ Params: { owner: string; repo: string } }>('/repos/:owner/:repo/hooks', async (req, reply) => {
    const r = repoOf(req.params.owner, req.params.repo);
    if (!r) return reply.code(404).send(notFound);
    return (hooks.get(r.full_name) ?? []).map((h) => hookJson(r.full_name, h));
  });
  app.post<{ Params: { owner: string; repo: string }; Body: Record<string, any> }>('/repos/:owner/:repo/hooks', async (req, reply) => {
    const r = repoOf(req.params.owner, req.params.repo);
    if (!r) return reply.code(404).send(notFound);
    if (!req.body?.config?.url) return reply.code(422).send({ message: 'Validation Failed', errors: [{ field: 'config.url', code: 'missing' }] });
    const now = new Date().toISOString();
    const hook: Hook = { id: nextHookId++, name: 'web', active: req.body.active ?? true, events: req.body.events ?? ['push'], config: req.body.config, created_at: now, updated_at: now };
    hooks.set(r.full_name, [...(hooks.get(r.full_name) ?? []), hook]);
    return reply.code(201).send(hookJson(r.full_name, hook));
  });
  app.patch<{ Params: { owner: string; repo: string; id: string }; Body: Record<string, any> }>('/repos/:owner/:repo/hooks/:id', async (req, reply) => {
    const r = repoOf(req.params.owner, req.params.repo);
    const hook = r && (hooks.get(r.full_name) ?? []).find((h) => h.id === Number(req.params.id));
    if (!r || !hook) return reply.code(404).send(notFound);
    Object.assign(hook, { active: req.body?.active ?? hook.active, events: req.body?.events ?? hook.events, config: { ...hook.config, ...req.body?.config }, updated_at: new Date().toISOString() });
    return hookJson(r.full_name, hook);
  });
  app.delete<{ Params: { owner: string; repo: string; id: string } }>('/repos/:owner/:repo/hooks/:id', async (req, reply) => {
    const r = repoOf(req.params.owner, req.params.repo);
    if (!r) return reply.code(404).send(notFound);
    hooks.set(r.full_name, (hooks.get(r.full_name) ?? []).filter((h) => h.id !== Number(req.params.id)));
    return reply.code(204).send();
  });
  app.post('/repos/:owner/:repo/issues/:n/comments', async (_req, reply) => reply.code(201).send({ id: Date.now() }));

  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const port = (app.server.address() as { port: number }).port;
  return { url: base(), port, close: () => app.close() };
}
