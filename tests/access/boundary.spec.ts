import net from 'node:net';
import { test, expect } from '../../fixtures/index.js';
import { requireBoundarySettings } from '../../helpers/boundary.js';
import { scenario } from '../../helpers/scenario.js';

/** Paths any Kubernetes API server answers; none of them may answer from the public base URL. */
const KUBE_PROBES = ['/version', '/api', '/apis', '/api/v1/namespaces', '/apis/batch/v1/jobs'];

const looksLikeKubernetes = (body: any) =>
  !!body && typeof body === 'object' && (typeof body.gitVersion === 'string' || /List$|^APIVersions$|^APIGroupList$|^Status$/.test(String(body.kind ?? '')) && 'apiVersion' in body || 'versions' in body && 'serverAddressByClientCIDRs' in body);

/** Whether a TCP connection to host:port is accepted within a bounded time. */
function accepts(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

test('B1 the Kubernetes API is not served from the public base URL', { tag: ['@critical', '@readonly'], annotation: scenario('B1') }, async ({ request, gate, kube }) => {
  requireBoundarySettings(gate, 'B1');
  // the public ingress answers none of the cluster API's paths
  for (const path of KUBE_PROBES) {
    const res = await request.get(new URL(path, gate.publicUrl).toString(), { failOnStatusCode: false, maxRedirects: 0 });
    const body = (res.headers()['content-type'] ?? '').includes('json') ? await res.json().catch(() => undefined) : undefined;
    expect(looksLikeKubernetes(body), `GET ${path} on ${gate.publicUrl} must not answer as a Kubernetes API (status ${res.status()})`).toBe(false);
  }
  // endpoints where a cluster API must not be reachable from outside (configured for staging/production)
  for (const endpoint of gate.kubePublicEndpoints) {
    const [host, port] = endpoint.split(':');
    expect(await accepts(host, Number(port)), `nothing accepts connections on ${endpoint}`).toBe(false);
  }
  if (gate.target === 'local') {
    // The stand's cluster API listens on 127.0.0.1 only: another loopback address is refused.
    const server = new URL(kube.serverUrl());
    expect(server.hostname, 'the cluster API is addressed on loopback').toBe('127.0.0.1');
    expect(await accepts('127.0.0.1', Number(server.port)), 'the cluster API answers on 127.0.0.1').toBe(true);
    expect(await accepts('127.0.0.2', Number(server.port)), 'the cluster API is not bound to every interface').toBe(false);
  }
});
