import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { ERRORS } from '../../../contract/kodex.js';
import type { Faults } from '../../faults.js';
import { HttpError, staffOf, type Staff } from '../auth.js';
import type { GitHubClient } from '../github-client.js';
import type { KubeJobs } from '../kube-client.js';

export interface StaffDeps {
  pool: pg.Pool;
  faults: Faults;
  tokenKey: string;
  bootstrapProjectId: string;
  learningModeDefault: boolean;
  github: GitHubClient;
  kube: KubeJobs;
  /** KODEX_GITHUB_WEBHOOK_URL: the public webhook URL (known once the gateway listens; port 0 picks one). */
  webhookUrl: () => string;
  webhookSecret: string;
}

export type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string>; Body: any }>;
type Handler = (req: Req, reply: FastifyReply, staff: Staff) => Promise<unknown>;
export type Route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, handler: Handler) => void;

/** A staff route: the handler gets the signed-in staff member; an HttpError becomes kodex's error body. */
export const routerOf =
  (app: FastifyInstance): Route =>
  (method, url, handler) =>
    app.route({
      method,
      url,
      handler: async (req: Req, reply) => {
        try {
          const result = await handler(req, reply, staffOf(req));
          if (!reply.sent && result !== undefined) return reply.send(result);
        } catch (err) {
          if (err instanceof HttpError) return reply.code(err.status).send(err.body);
          throw err;
        }
      },
    });

export const bad = (message: string, field?: string) =>
  new HttpError(400, { code: 'invalid_argument', message, ...(field ? { field } : {}) });
export const limitOf = (q: any, fallback = 200) => Math.min(Math.max(Number(q?.limit) || fallback, 1), 1000);
export const requireAdmin = (s: Staff) => {
  if (!s.is_platform_admin) throw new HttpError(403, ERRORS.platformAdminRequired);
};
export const requireOwner = (s: Staff) => {
  if (!s.is_platform_owner) throw new HttpError(403, ERRORS.platformOwnerRequired);
};
