import { test, expect } from '../../fixtures/index.js';
import {
  acceptsConnections,
  answersAsKubernetes,
  KUBE_PROBES,
  requireBoundarySettings,
} from '../../helpers/checks/boundary.js';
import { scenario } from '../../helpers/checks/scenario.js';

test(
  'B1 the Kubernetes API is not served from the public base URL',
  { tag: ['@critical', '@readonly'], annotation: scenario('B1') },
  async ({ request, gate, onTarget }) => {
    requireBoundarySettings(gate, 'B1');
    // the public ingress answers none of the cluster API's paths
    for (const path of KUBE_PROBES) {
      const probe = await answersAsKubernetes(request, gate.publicUrl, path);
      expect(
        probe.kubernetes,
        `GET ${path} on ${gate.publicUrl} must not answer as a Kubernetes API (status ${probe.status})`,
      ).toBe(false);
    }
    // endpoints where a cluster API must not be reachable from outside (configured for staging/production)
    for (const endpoint of gate.kubePublicEndpoints) {
      const [host, port] = endpoint.split(':');
      expect(await acceptsConnections(host, Number(port)), `nothing accepts connections on ${endpoint}`).toBe(false);
    }
    // the local stand's cluster API listens on 127.0.0.1 only: another loopback address is refused
    for (const server of await onTarget.standKubeApis()) {
      expect(server.hostname, 'the cluster API is addressed on loopback').toBe('127.0.0.1');
      expect(await acceptsConnections('127.0.0.1', Number(server.port)), 'the cluster API answers on 127.0.0.1').toBe(
        true,
      );
      expect(
        await acceptsConnections('127.0.0.2', Number(server.port)),
        'the cluster API is not bound to every interface',
      ).toBe(false);
    }
  },
);
