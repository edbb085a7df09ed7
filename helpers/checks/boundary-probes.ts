import net from 'node:net';
import type { APIRequestContext } from '@playwright/test';

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
