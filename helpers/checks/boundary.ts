import net from 'node:net';
import { test, type APIRequestContext } from '@playwright/test';
import type { GateConfig } from '../runner/config.js';
import { notesFor } from '../runner/notes.js';

export type BoundaryScenario = 'W1' | 'B1';

const sameOrigin = (a: string, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return a === b;
  }
};

/**
 * What a security-boundary scenario cannot check with this configuration, as "set X (why)" lines.
 * On the local stand the stand provides both sides; on staging and production the public side must be named.
 */
export function boundaryGaps(cfg: GateConfig, id: BoundaryScenario): string[] {
  if (cfg.target === 'local') return [];
  if (id === 'B1')
    return cfg.GATE_KUBE_PUBLIC_ENDPOINTS
      ? []
      : ['GATE_KUBE_PUBLIC_ENDPOINTS (the host:port list where no cluster API may answer)'];
  if (!cfg.GATE_PUBLIC_URL) return ['GATE_PUBLIC_URL (the public ingress, oauth2-proxy in front)'];
  if (cfg.GATE_STAFF_AUTH === 'header' && sameOrigin(cfg.GATE_PUBLIC_URL, cfg.GATE_BASE_URL)) {
    return [
      'GATE_PUBLIC_URL to the public ingress: it equals GATE_BASE_URL, which in header mode is the internal address behind oauth2-proxy',
    ];
  }
  return [];
}

/**
 * Called first in a boundary scenario: a missing setting fails it with "not checked: set X", unless
 * GATE_BOUNDARY_WAIVER names the scenario; then the gap is recorded as a warning in verdict.json.
 */
export function requireBoundarySettings(cfg: GateConfig, id: BoundaryScenario): void {
  const gaps = boundaryGaps(cfg, id);
  if (!gaps.length) return;
  const message = `${id} not checked: set ${gaps.join('; set ')}`;
  const waiver = cfg.boundaryWaiver;
  if (!waiver?.scenarios.includes(id))
    throw new Error(`${message} (or waive it: GATE_BOUNDARY_WAIVER="${id}: reason")`);
  notesFor(test.info()).warning(`${message}; waived by GATE_BOUNDARY_WAIVER: ${waiver.reason}`);
}

/** Paths any Kubernetes API server answers; none of them may answer from the public base URL. */
export const KUBE_PROBES = ['/version', '/api', '/apis', '/api/v1/namespaces', '/apis/batch/v1/jobs'];

const looksLikeKubernetes = (body: any) =>
  !!body &&
  typeof body === 'object' &&
  (typeof body.gitVersion === 'string' ||
    (/List$|^APIVersions$|^APIGroupList$|^Status$/.test(String(body.kind ?? '')) && 'apiVersion' in body) ||
    ('versions' in body && 'serverAddressByClientCIDRs' in body));

/** GETs a cluster API path on a base URL, redirects not followed: does the answer look like a Kubernetes API? */
export async function answersAsKubernetes(
  request: APIRequestContext,
  baseUrl: string,
  path: string,
): Promise<{ kubernetes: boolean; status: number }> {
  const res = await request.get(new URL(path, baseUrl).toString(), { failOnStatusCode: false, maxRedirects: 0 });
  const body = (res.headers()['content-type'] ?? '').includes('json')
    ? await res.json().catch(() => undefined)
    : undefined;
  return { kubernetes: looksLikeKubernetes(body), status: res.status() };
}

/** Whether a TCP connection to host:port is accepted within a bounded time. */
export function acceptsConnections(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
