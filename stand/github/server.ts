import { createHash } from 'node:crypto';
import Fastify from 'fastify';

/** A stable numeric id per full name, so a repository keeps its id across stand restarts. */
export function githubRepoId(fullName: string): number {
  return createHash('sha256').update(fullName.toLowerCase()).digest().readUInt32BE(0) + 1_000_000;
}

interface Label {
  id: number;
  node_id: string;
  name: string;
  color: string;
  default: boolean;
  description: string | null;
}
interface Issue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: Label[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}
interface Hook {
  id: number;
  name: string;
  active: boolean;
  events: string[];
  config: Record<string, string>;
  created_at: string;
  updated_at: string;
}

/**
 * GitHub REST stand-in: repository lookup, webhook create/list/update/delete, and issues (create, get, update
 * or close, list labels). Every repository exists (except names starting with `missing-`); any token works
 * except `bad-token`, and none gets 401 as on GitHub.
 */
export async function startGitHubApi(opts: {
  host?: string;
  port?: number;
  log?: (m: string) => void;
  /** Files of repositories, by full name then path (a sandbox repository's services.yaml). */
  files?: Record<string, Record<string, string>>;
}) {
  const app = Fastify({ logger: false });
  const hooks = new Map<string, Hook[]>();
  let nextHookId = 1;
  const issues = new Map<string, Issue[]>();
  let nextLabelId = 1;
  const labelIds = new Map<string, number>();
  const base = () => `http://${opts.host ?? '127.0.0.1'}:${port}`;

  app.addHook('onRequest', async (req, reply) => {
    const auth = String(req.headers.authorization ?? '').replace(/^(Bearer|token)\s+/i, '');
    if (!auth || auth === 'bad-token')
      return reply
        .code(401)
        .send({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
  });
  const repoOf = (owner: string, repo: string) => {
    if (repo.startsWith('missing-')) return undefined;
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
      url: `${base()}/repos/${fullName}`,
    };
  };
  const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };
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
  // Repository contents: the raw file with Accept application/vnd.github.raw, else GitHub's base64 JSON.
  app.get<{ Params: { owner: string; repo: string; '*': string } }>(
    '/repos/:owner/:repo/contents/*',
    async (req, reply) => {
      const text = opts.files?.[`${req.params.owner}/${req.params.repo}`]?.[req.params['*']];
      if (text === undefined) return reply.code(404).send(notFound);
      if (String(req.headers.accept ?? '').includes('raw')) return reply.type('text/plain').send(text);
      return { type: 'file', encoding: 'base64', path: req.params['*'], content: Buffer.from(text).toString('base64') };
    },
  );
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
  const labelOf = (name: string): Label => {
    if (!labelIds.has(name)) labelIds.set(name, nextLabelId++);
    const id = labelIds.get(name)!;
    return { id, node_id: `LA_${id}`, name, color: 'ededed', default: false, description: null };
  };
  const labelsOf = (raw: unknown): Label[] | string => {
    if (!Array.isArray(raw)) return 'labels must be an array';
    const names = raw.map((l) => (typeof l === 'string' ? l : l?.name));
    const bad = names.find((n) => typeof n !== 'string' || !n.trim() || n.length > 50);
    if (bad !== undefined) return `label name ${JSON.stringify(bad)} is empty or longer than 50 characters`;
    return [...new Set(names as string[])].map(labelOf);
  };
  const invalid = (field: string, message: string) => ({
    message: 'Validation Failed',
    errors: [{ resource: 'Issue', field, code: 'invalid', message }],
    status: '422',
  });
  const issueJson = (fullName: string, i: Issue) => ({
    id: githubRepoId(`${fullName}#${i.number}`),
    node_id: `I_${i.number}`,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.state_reason,
    labels: i.labels,
    locked: false,
    comments: 0,
    user: { login: 'kodex-gate', type: 'User' },
    html_url: `https://github.com/${fullName}/issues/${i.number}`,
    url: `${base()}/repos/${fullName}/issues/${i.number}`,
    created_at: i.created_at,
    updated_at: i.updated_at,
    closed_at: i.closed_at,
  });
  type IssueReq = {
    Params: { owner: string; repo: string; n: string };
    Querystring: Record<string, string>;
    Body: Record<string, any>;
  };
  const issueOf = (p: IssueReq['Params']) => {
    const r = repoOf(p.owner, p.repo);
    const issue = r && (issues.get(r.full_name) ?? []).find((i) => i.number === Number(p.n));
    return r && issue ? { fullName: r.full_name, issue } : undefined;
  };

  app.post<IssueReq>('/repos/:owner/:repo/issues', async (req, reply) => {
    const r = repoOf(req.params.owner, req.params.repo);
    if (!r) return reply.code(404).send(notFound);
    const title = req.body?.title;
    if (typeof title !== 'string' || !title.trim()) return reply.code(422).send(invalid('title', 'title is required'));
    const labels = labelsOf(req.body?.labels ?? []);
    if (typeof labels === 'string') return reply.code(422).send(invalid('labels', labels));
    const list = issues.get(r.full_name) ?? [];
    const now = new Date().toISOString();
    const issue: Issue = {
      number: list.length + 1,
      title,
      body: req.body?.body ?? null,
      state: 'open',
      state_reason: null,
      labels,
      created_at: now,
      updated_at: now,
      closed_at: null,
    };
    issues.set(r.full_name, [...list, issue]);
    return reply.code(201).send(issueJson(r.full_name, issue));
  });
  app.get<IssueReq>('/repos/:owner/:repo/issues/:n', async (req, reply) => {
    const found = issueOf(req.params);
    return found ? issueJson(found.fullName, found.issue) : reply.code(404).send(notFound);
  });
  app.get<IssueReq>('/repos/:owner/:repo/issues/:n/labels', async (req, reply) => {
    const found = issueOf(req.params);
    if (!found) return reply.code(404).send(notFound);
    const perPage = Math.min(Math.max(Number(req.query.per_page) || 30, 1), 100);
    const page = Math.max(Number(req.query.page) || 1, 1);
    return found.issue.labels.slice((page - 1) * perPage, page * perPage);
  });
  app.patch<IssueReq>('/repos/:owner/:repo/issues/:n', async (req, reply) => {
    const found = issueOf(req.params);
    if (!found) return reply.code(404).send(notFound);
    const { issue } = found;
    const b = req.body ?? {};
    if (b.state !== undefined && !['open', 'closed'].includes(b.state))
      return reply.code(422).send(invalid('state', 'state must be open or closed'));
    const labels = b.labels === undefined ? issue.labels : labelsOf(b.labels);
    if (typeof labels === 'string') return reply.code(422).send(invalid('labels', labels));
    const now = new Date().toISOString();
    if (b.state && b.state !== issue.state) {
      issue.closed_at = b.state === 'closed' ? now : null;
      issue.state_reason = b.state === 'closed' ? (b.state_reason ?? 'completed') : 'reopened';
    }
    Object.assign(issue, {
      title: b.title ?? issue.title,
      body: b.body ?? issue.body,
      state: b.state ?? issue.state,
      labels,
      updated_at: now,
    });
    return issueJson(found.fullName, issue);
  });
  app.post('/repos/:owner/:repo/issues/:n/comments', async (_req, reply) => reply.code(201).send({ id: Date.now() }));

  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const port = (app.server.address() as { port: number }).port;
  return { url: base(), port, close: () => app.close() };
}
