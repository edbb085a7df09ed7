import { test, expect } from '../../fixtures/index.js';
import { scenario } from '../../helpers/scenario.js';

/** Paths any Kubernetes API server answers; none of them may answer from the public base URL. */
const KUBE_PROBES = ['/version', '/api', '/apis', '/api/v1/namespaces', '/apis/batch/v1/jobs'];

const looksLikeKubernetes = (body: any) =>
  !!body && typeof body === 'object' && (typeof body.gitVersion === 'string' || /List$|^APIVersions$|^APIGroupList$|^Status$/.test(String(body.kind ?? '')) && 'apiVersion' in body || 'versions' in body && 'serverAddressByClientCIDRs' in body);

test('B1 the Kubernetes API is not served from the public base URL', { tag: ['@critical', '@readonly'], annotation: scenario('B1') }, async ({ request, gate, kube }) => {
  for (const path of KUBE_PROBES) {
    const res = await request.get(path, { failOnStatusCode: false, maxRedirects: 0 });
    const body = (res.headers()['content-type'] ?? '').includes('json') ? await res.json().catch(() => undefined) : undefined;
    expect(looksLikeKubernetes(body), `GET ${path} on ${gate.GATE_BASE_URL} must not answer as a Kubernetes API (status ${res.status()})`).toBe(false);
  }
  if (gate.target === 'local') {
    // The stand's cluster API listens on loopback only.
    expect(new URL(kube.serverUrl()).hostname, 'the cluster API is bound to loopback').toBe('127.0.0.1');
  }
});
