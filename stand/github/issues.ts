import type { FastifyInstance } from 'fastify';
import { githubRepoId, notFound, type GitHubContext } from './common.js';

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

/** Issues: create, get, update or close, list and remove labels, comment. */
export function registerIssues(app: FastifyInstance, { base, repoOf }: GitHubContext): void {
  const issues = new Map<string, Issue[]>();
  let nextLabelId = 1;
  const labelIds = new Map<string, number>();
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
  // GitHub: 200 with the labels left, or 404 "Label does not exist" when the issue does not carry it.
  app.delete<IssueReq & { Params: { name: string } }>(
    '/repos/:owner/:repo/issues/:n/labels/:name',
    async (req, reply) => {
      const found = issueOf(req.params);
      if (!found) return reply.code(404).send(notFound);
      const { issue } = found;
      if (!issue.labels.some((l) => l.name === req.params.name))
        return reply.code(404).send({ ...notFound, message: 'Label does not exist' });
      issue.labels = issue.labels.filter((l) => l.name !== req.params.name);
      issue.updated_at = new Date().toISOString();
      return issue.labels;
    },
  );
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
}
