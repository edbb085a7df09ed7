import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verify } from '@octokit/webhooks-methods';
import type pg from 'pg';
import { ERRORS, INGEST_STATUS, PATHS, WEBHOOK_HEADERS, WEBHOOK_MAX_BODY_BYTES } from '../../contract/kodex.js';
import type { Faults } from '../faults.js';
import { ingest } from './ingest.js';

const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

/** Checks 1–3 of the contract's order (they need no body), shared by the route and the too-large path. */
function headerFailure(req: FastifyRequest): { code: number; body: object } | undefined {
  if (!header(req, WEBHOOK_HEADERS.delivery))
    return { code: 400, body: ERRORS.headerRequired(WEBHOOK_HEADERS.delivery) };
  if (!header(req, WEBHOOK_HEADERS.event)) return { code: 400, body: ERRORS.headerRequired(WEBHOOK_HEADERS.event) };
  if (!header(req, WEBHOOK_HEADERS.signature)) return { code: 401, body: ERRORS.missingSignature };
  return undefined;
}

async function signatureValid(secret: string, raw: Buffer, signature: string): Promise<boolean> {
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(signature);
  if (!m) return false;
  const normalised = `sha256=${m[1].toLowerCase()}`;
  if (raw.length > 0) return verify(secret, raw.toString('utf8'), normalised);
  // @octokit/webhooks-methods refuses an empty payload; an empty body is still checked, then fails JSON.
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update('').digest('hex')}`);
  return expected.length === normalised.length && timingSafeEqual(expected, Buffer.from(normalised));
}

/** Fault `unsigned-run-created-anyway`: the 401 goes out, and the refused delivery is ingested a moment later. */
function ingestAnywayLater(deps: { pool: pg.Pool; faults: Faults }, req: FastifyRequest, raw: Buffer) {
  if (!deps.faults.has('unsigned-run-created-anyway')) return;
  const deliveryId = header(req, WEBHOOK_HEADERS.delivery);
  const event = header(req, WEBHOOK_HEADERS.event);
  setTimeout(() => {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return;
    }
    ingest(deps.pool, deps.faults, { deliveryId, event, body }).catch(() => {});
  }, UNSIGNED_FAULT_DELAY_MS);
}
const UNSIGNED_FAULT_DELAY_MS = 400;

export function webhookRoutes(
  app: FastifyInstance,
  deps: { pool: pg.Pool; faults: Faults; secret: string; maxBytes?: number },
) {
  const max = deps.maxBytes ?? WEBHOOK_MAX_BODY_BYTES;
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * max }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err: any, req, reply) => {
      if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err;
      const failure = headerFailure(req);
      reply.code(failure?.code ?? 400).send(failure?.body ?? ERRORS.payloadTooLarge(max));
    });
    scope.post(PATHS.webhook, async (req: FastifyRequest, reply: FastifyReply) => {
      const failure = headerFailure(req);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (failure) {
        if (failure.code === 401) ingestAnywayLater(deps, req, raw);
        return reply.code(failure.code).send(failure.body);
      }
      if (raw.length > max) return reply.code(400).send(ERRORS.payloadTooLarge(max));
      if (
        !deps.faults.has('signature-unchecked') &&
        !(await signatureValid(deps.secret, raw, header(req, WEBHOOK_HEADERS.signature)))
      ) {
        ingestAnywayLater(deps, req, raw);
        return reply.code(401).send(ERRORS.invalidSignature);
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply.code(400).send(ERRORS.payloadNotJson);
      }
      const deliveryId = header(req, WEBHOOK_HEADERS.delivery);
      const result = await ingest(deps.pool, deps.faults, {
        deliveryId,
        event: header(req, WEBHOOK_HEADERS.event),
        body,
      });
      reply.code(result.status === INGEST_STATUS.accepted ? 202 : 200).send({
        correlation_id: result.correlationId,
        run_id: result.runId,
        status: result.status,
        duplicate: result.status === INGEST_STATUS.duplicate,
      });
    });
  });
}
