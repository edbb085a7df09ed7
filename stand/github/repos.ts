import type { FastifyInstance } from 'fastify';
import { notFound, type GitHubContext } from './common.js';

interface Hook {
  id: number;
  name: string;
  active: boolean;
  events: string[];
  config: Record<string, string>;
  created_at: string;
  updated_at: string;
}

/** Repository lookup and webhook create/list/update/delete. */
export function registerRepos(app: FastifyInstance, { base, repoOf }: GitHubContext): void {
  const hooks = new Map<string, Hook[]>();
  let nextHookId = 1;
  const hookJson = (fullName: string, h: Hook) => ({
    type: 'Repository',
    ...h,
    config: { ...h.config, secret: h.config.secret ? '********' : undefined },
    url: `${base()}/repos/${fullName}/hooks/${h.id}`,
    ping_url: `${base()}/repos/${fullName}/hooks/${h.id}/pings`,
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
  app.post<{ Params: { owner: string; repo: string }; Body: Record<string, any> }>(
    '/repos/:owner/:repo/hooks',
    async (req, reply) => {
      const r = repoOf(req.params.owner, req.params.repo);
      if (!r) return reply.code(404).send(notFound);
      if (!req.body?.config?.url)
        return reply
          .code(422)
          .send({ message: 'Validation Failed', errors: [{ field: 'config.url', code: 'missing' }] });
      const now = new Date().toISOString();
      const hook: Hook = {
        id: nextHookId++,
        name: 'web',
        active: req.body.active ?? true,
        events: req.body.events ?? ['push'],
        config: req.body.config,
        created_at: now,
        updated_at: now,
      };
      hooks.set(r.full_name, [...(hooks.get(r.full_name) ?? []), hook]);
      return reply.code(201).send(hookJson(r.full_name, hook));
    },
  );
  app.patch<{ Params: { owner: string; repo: string; id: string }; Body: Record<string, any> }>(
    '/repos/:owner/:repo/hooks/:id',
    async (req, reply) => {
      const r = repoOf(req.params.owner, req.params.repo);
      const hook = r && (hooks.get(r.full_name) ?? []).find((h) => h.id === Number(req.params.id));
      if (!r || !hook) return reply.code(404).send(notFound);
      Object.assign(hook, {
        active: req.body?.active ?? hook.active,
        events: req.body?.events ?? hook.events,
        config: { ...hook.config, ...req.body?.config },
        updated_at: new Date().toISOString(),
      });
      return hookJson(r.full_name, hook);
    },
  );
  app.delete<{ Params: { owner: string; repo: string; id: string } }>(
    '/repos/:owner/:repo/hooks/:id',
    async (req, reply) => {
      const r = repoOf(req.params.owner, req.params.repo);
      if (!r) return reply.code(404).send(notFound);
      hooks.set(
        r.full_name,
        (hooks.get(r.full_name) ?? []).filter((h) => h.id !== Number(req.params.id)),
      );
      return reply.code(204).send();
    },
  );
}
