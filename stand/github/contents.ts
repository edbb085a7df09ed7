import type { FastifyInstance } from 'fastify';
import { notFound, type GitHubContext } from './common.js';

/** Repository contents (a sandbox's services.yaml): the raw file with Accept application/vnd.github.raw, else GitHub's base64 JSON. */
export function registerContents(
  app: FastifyInstance,
  { repoOf }: GitHubContext,
  files: Record<string, Record<string, string>>,
): void {
  app.get<{ Params: { owner: string; repo: string; '*': string } }>(
    '/repos/:owner/:repo/contents/*',
    async (req, reply) => {
      const r = repoOf(req.params.owner, req.params.repo);
      const text = r && files[r.full_name]?.[req.params['*']];
      if (text === undefined || text === null) return reply.code(404).send(notFound);
      if (String(req.headers.accept ?? '').includes('raw')) return reply.type('text/plain').send(text);
      return { type: 'file', encoding: 'base64', path: req.params['*'], content: Buffer.from(text).toString('base64') };
    },
  );
}
