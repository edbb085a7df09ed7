import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { PATHS, WEBHOOK_HEADERS } from '../contract/kodex.js';
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

/** Sends GitHub webhook deliveries, signed with @octokit/webhooks-methods, and their bad forms. */
export class WebhookSender {
  constructor(private readonly http: APIRequestContext, private readonly secret: string, private readonly marker: string,
    private readonly openapi?: OpenApiCheck, private readonly onRun: (runId: string) => void = () => {}) {}

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
