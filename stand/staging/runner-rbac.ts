import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The in-cluster runner's identity (deploy/10-serviceaccount.yaml), as Kubernetes names a ServiceAccount user. */
export const RUNNER_USER = 'system:serviceaccount:kodex-gate:kodex-gate-runner';

const collection: Record<string, (ns?: string) => string> = {
  Namespace: () => '/api/v1/namespaces',
  ServiceAccount: (ns) => `/api/v1/namespaces/${ns}/serviceaccounts`,
  ClusterRole: () => '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  ClusterRoleBinding: () => '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  Role: (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`,
  RoleBinding: (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`,
};

/**
 * Runbook step 5 on the Kubernetes stand-in: `kubectl apply -f deploy/` for the runner's namespace, identity,
 * ClusterRoles and bindings (the admission policy and the Job are not modelled). The suite then acts as the runner,
 * so the stand-in's RBAC grants it exactly what deploy/ grants.
 */
export async function applyRunnerRbac(root: string, kubeUrl: string, token: string, production = false): Promise<void> {
  const files = [
    '00-namespace.yaml',
    '10-serviceaccount.yaml',
    '20-clusterroles.yaml',
    '30-clusterrolebindings.yaml',
    // R5's worker-pod delete: staging only (runbook step 5).
    ...(production ? [] : ['35-worker-kill.yaml']),
  ];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(path.join(root, 'deploy', file), 'utf8'))) {
      const obj = doc.toJS();
      // The manifest's own word: "Leave this binding out on production".
      if (production && /Leave this binding out on production/.test(String(doc.contents?.commentBefore ?? '')))
        continue;
      const url = collection[obj?.kind]?.(obj.metadata?.namespace);
      if (!url) throw new Error(`deploy/${file}: the stand does not apply ${obj?.kind}`);
      const res = await fetch(`${kubeUrl}${url}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(obj),
      });
      if (!res.ok && res.status !== 409) throw new Error(`deploy/${file}: ${obj.kind} answered ${res.status}`);
    }
  }
}
