import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';
import { INGEST_STATUS, PATHS, WEBHOOK_HEADERS } from '../../contract/kodex.js';
import { issueLabeled, type RepoRef } from './payloads.js';
import { signatureFor, type SignatureKind } from './signing.js';
import type { OpenApiCheck } from './openapi.js';

export interface DeliveryOptions {
  event: string;
  /** An object is serialised once, and those exact bytes are signed and sent. */
  body: object | string | Buffer;
  deliveryId?: string;
  signature?: SignatureKind;
  omitHeaders?: ('delivery' | 'event')[];
  contentType?: string;
}
export interface DeliveryResult {
  deliveryId: string;
  status: number;
  json: any;
  location?: string;
  contentType: string;
}

export interface TriggerOptions {
  issue: number;
  /** The trigger label (default run:dev). */
  label?: string;
  /** Further labels on the issue, e.g. the gate agent's outcome labels. */
  otherLabels?: string[];
  /** Defaults: the world's bound repository and allowed sender. */
  repo?: RepoRef;
  sender?: string;
  /** GitHub's sender.type (default User). */
  senderType?: string;
}
export interface AcceptedRun {
  runId: string;
  deliveryId: string;
  issue: number;
  body: object;
}

/** Sends GitHub webhook deliveries, signed with @octokit/webhooks-methods, and their bad forms. */
export class WebhookSender {
  constructor(
    private readonly http: APIRequestContext,
    private readonly secret: string,
    private readonly marker: string,
    private readonly openapi?: OpenApiCheck,
    private readonly onRun: (runId: string) => void = () => {},
    private readonly defaults?: { repo: RepoRef; sender: string },
  ) {}

  /** The issues/labeled delivery that starts a run, as GitHub would send it. */
  triggerBody(o: TriggerOptions): object {
    const repo = o.repo ?? this.defaults?.repo;
    const sender = o.sender ?? this.defaults?.sender;
    if (!repo || !sender) throw new Error('trigger needs a repository and a sender (the world fixture gives both)');
    return issueLabeled({
      repo,
      issueNumber: o.issue,
      label: o.label ?? 'run:dev',
      otherLabels: o.otherLabels,
      sender,
      senderType: o.senderType,
    });
  }

  /** Fires a signed trigger delivery and returns the answer as it is, whatever it is (for refusals). */
  async deliver(o: TriggerOptions): Promise<DeliveryResult> {
    return this.send({ event: 'issues', body: this.triggerBody(o) });
  }

  /** Fires a signed trigger delivery and returns the run it started, or fails saying what the platform answered. */
  async trigger(o: TriggerOptions): Promise<AcceptedRun> {
    const body = this.triggerBody(o);
    const res = await this.send({ event: 'issues', body });
    const answer = `${res.status} ${JSON.stringify(res.json)}`;
    expect(res.status, `the trigger delivery for issue #${o.issue} is accepted with 202 (got ${answer})`).toBe(202);
    expect(res.json?.status, `the trigger delivery for issue #${o.issue} is accepted (got ${answer})`).toBe(
      INGEST_STATUS.accepted,
    );
    expect(res.json?.run_id, `the accepted delivery for issue #${o.issue} carries its run_id (got ${answer})`).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    return { runId: res.json.run_id, deliveryId: res.deliveryId, issue: o.issue, body };
  }

  /** A fresh X-GitHub-Delivery id, marked with this gate run. */
  newDeliveryId(): string {
    return `${this.marker}-${randomUUID()}`;
  }

  async send(o: DeliveryOptions): Promise<DeliveryResult> {
    const deliveryId = o.deliveryId ?? this.newDeliveryId();
    const raw = typeof o.body === 'string' || Buffer.isBuffer(o.body) ? o.body : JSON.stringify(o.body);
    const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
    const kind = o.signature ?? 'valid';
    const signature = await signatureFor(kind, this.secret, text);
    const headers: Record<string, string> = {
      'content-type': o.contentType ?? 'application/json',
      'user-agent': 'GitHub-Hookshot/kodex-gate',
    };
    if (!o.omitHeaders?.includes('delivery')) headers[WEBHOOK_HEADERS.delivery] = deliveryId;
    if (!o.omitHeaders?.includes('event')) headers[WEBHOOK_HEADERS.event] = o.event;
    if (signature) headers[WEBHOOK_HEADERS.signature] = signature;
    const res = await this.http.post(PATHS.webhook, { headers, data: raw, maxRedirects: 0, failOnStatusCode: false });
    const contentType = res.headers()['content-type'] ?? '';
    const json = contentType.includes('json') ? await res.json().catch(() => undefined) : undefined;
    if (this.openapi && !res.headers().location) await this.openapi.check('POST', PATHS.webhook, res);
    if (typeof json?.run_id === 'string' && json.run_id) this.onRun(json.run_id);
    return { deliveryId, status: res.status(), json, location: res.headers().location, contentType };
  }
}

/**
 * An unsigned ping straight at the webhook path of `baseUrl` (e.g. the public ingress), redirects not followed.
 * Sends no signature and no secret, so it is safe on every target (W1 is @readonly).
 */
export async function unsignedProbe(
  http: APIRequestContext,
  baseUrl: string,
  marker = 'kodex-gate-w1',
): Promise<DeliveryResult> {
  const deliveryId = `${marker}-${randomUUID()}`;
  const res = await http.post(new URL(PATHS.webhook, baseUrl).toString(), {
    data: '{}',
    maxRedirects: 0,
    failOnStatusCode: false,
    headers: {
      'content-type': 'application/json',
      [WEBHOOK_HEADERS.delivery]: deliveryId,
      [WEBHOOK_HEADERS.event]: 'ping',
    },
  });
  const contentType = res.headers()['content-type'] ?? '';
  const json = contentType.includes('json') ? await res.json().catch(() => undefined) : undefined;
  return { deliveryId, status: res.status(), json, location: res.headers().location, contentType };
}
