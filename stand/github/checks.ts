import type { FastifyInstance } from 'fastify';
import { notFound, type GitHubContext } from './common.js';

type Params = { owner: string; repo: string; ref: string };
const SHA = /^[0-9a-f]{40}$/;
const CONCLUSIONS = ['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required'];
const STATES = ['success', 'failure', 'error', 'pending'];
const invalid = (resource: string, field: string, message: string) => ({
  message: 'Validation Failed',
  errors: [{ resource, field, code: 'invalid', message }],
  status: '422',
});

/**
 * Check runs and commit statuses on a commit. As on GitHub, only a GitHub App's installation token (`ghs_…`)
 * may create a check run; any other token gets 403 and may set a commit status instead.
 */
export function registerChecks(app: FastifyInstance, { base, repoOf }: GitHubContext): void {
  const checkRuns = new Map<string, Record<string, unknown>[]>();
  const statuses = new Map<string, Record<string, unknown>[]>();
  let nextId = 1;
  const key = (p: Params, sha: string) => `${p.owner}/${p.repo}@${sha}`;

  app.post<{ Params: Params; Body: Record<string, any> }>('/repos/:owner/:repo/check-runs', async (req, reply) => {
    const r = repoOf(req.params.owner, req.params.repo);
    if (!r) return reply.code(404).send(notFound);
    const token = String(req.headers.authorization ?? '').replace(/^(Bearer|token)\s+/i, '');
    if (!token.startsWith('ghs_'))
      return reply.code(403).send({ message: 'You must authenticate via a GitHub App.', status: '403' });
    const b = req.body ?? {};
    if (typeof b.name !== 'string' || !b.name)
      return reply.code(422).send(invalid('CheckRun', 'name', 'name is required'));
    if (!SHA.test(String(b.head_sha)))
      return reply.code(422).send(invalid('CheckRun', 'head_sha', 'No commit found for SHA'));
    if (b.conclusion !== undefined && !CONCLUSIONS.includes(b.conclusion))
      return reply.code(422).send(invalid('CheckRun', 'conclusion', `${b.conclusion} is not a conclusion`));
    if (b.output && (typeof b.output.title !== 'string' || typeof b.output.summary !== 'string'))
      return reply.code(422).send(invalid('CheckRun', 'output', 'output needs a title and a summary'));
    if (String(b.output?.summary ?? '').length > 65535)
      return reply.code(422).send(invalid('CheckRun', 'output.summary', 'summary is longer than 65535 characters'));
    const id = nextId++;
    const run = {
      id,
      head_sha: b.head_sha,
      name: b.name,
      status: b.conclusion ? 'completed' : (b.status ?? 'queued'),
      conclusion: b.conclusion ?? null,
      details_url: b.details_url ?? null,
      output: { title: b.output?.title ?? null, summary: b.output?.summary ?? null, text: b.output?.text ?? null },
      started_at: b.started_at ?? new Date().toISOString(),
      completed_at: b.completed_at ?? (b.conclusion ? new Date().toISOString() : null),
      url: `${base()}/repos/${r.full_name}/check-runs/${id}`,
      html_url: `https://github.com/${r.full_name}/runs/${id}`,
    };
    checkRuns.set(key(req.params, b.head_sha), [...(checkRuns.get(key(req.params, b.head_sha)) ?? []), run]);
    return reply.code(201).send(run);
  });
  app.get<{ Params: Params }>('/repos/:owner/:repo/commits/:ref/check-runs', async (req, reply) => {
    if (!repoOf(req.params.owner, req.params.repo)) return reply.code(404).send(notFound);
    const list = [...(checkRuns.get(key(req.params, req.params.ref)) ?? [])].reverse();
    return { total_count: list.length, check_runs: list };
  });
  app.post<{ Params: Params; Body: Record<string, any> }>('/repos/:owner/:repo/statuses/:ref', async (req, reply) => {
    if (!repoOf(req.params.owner, req.params.repo)) return reply.code(404).send(notFound);
    const b = req.body ?? {};
    if (!SHA.test(req.params.ref)) return reply.code(422).send(invalid('Status', 'sha', 'No commit found for SHA'));
    if (!STATES.includes(b.state)) return reply.code(422).send(invalid('Status', 'state', 'state is not valid'));
    if (String(b.description ?? '').length > 140)
      return reply
        .code(422)
        .send(invalid('Status', 'description', 'description is too long (maximum is 140 characters)'));
    const status = {
      id: nextId++,
      state: b.state,
      context: b.context ?? 'default',
      description: b.description ?? null,
      target_url: b.target_url ?? null,
      created_at: new Date().toISOString(),
    };
    statuses.set(key(req.params, req.params.ref), [status, ...(statuses.get(key(req.params, req.params.ref)) ?? [])]);
    return reply.code(201).send(status);
  });
  app.get<{ Params: Params }>('/repos/:owner/:repo/commits/:ref/statuses', async (req, reply) => {
    if (!repoOf(req.params.owner, req.params.repo)) return reply.code(404).send(notFound);
    return statuses.get(key(req.params, req.params.ref)) ?? [];
  });
}
