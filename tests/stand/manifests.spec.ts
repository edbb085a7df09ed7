/**
 * deploy/: the in-cluster gate runner's manifests, as written. Each field is known to the Kubernetes API types
 * (client-node's models); the roles grant what the suite needs; the Job runs the suite once, as the runner.
 * Applied to the stand's Kubernetes API: manifests-apply.spec.ts.
 */
import { test, expect } from '@playwright/test';
import * as k8s from '@kubernetes/client-node';
import { readManifests, RUNNER, type Manifest } from './deploy-manifests.js';

let manifests: Manifest[];

test.beforeAll(async () => {
  manifests = await readManifests();
});

/** Fields the API types do not know, as paths (a typo in a manifest is silently dropped by a real server). */
function unknownFields(value: unknown, type: string, path: string): string[] {
  const list = /^Array<(.+)>$/.exec(type);
  if (list)
    return Array.isArray(value)
      ? value.flatMap((v, i) => unknownFields(v, list[1], `${path}[${i}]`))
      : [`${path}: not a list`];
  const model = (
    k8s as unknown as Record<string, { getAttributeTypeMap?: () => { baseName: string; type: string }[] }>
  )[type];
  if (!model?.getAttributeTypeMap) return [];
  if (typeof value !== 'object' || value === null) return [`${path}: not an object`];
  const attrs = model.getAttributeTypeMap();
  return Object.entries(value).flatMap(([k, v]) => {
    const attr = attrs.find((a) => a.baseName === k);
    if (!attr) return [`${path}.${k}`];
    if (['string', 'number', 'boolean'].includes(attr.type) && typeof v !== attr.type)
      return [`${path}.${k}: not a ${attr.type}`];
    return unknownFields(v, attr.type, `${path}.${k}`);
  });
}

test('every manifest field is one the Kubernetes API knows', () => {
  expect(manifests.map((m) => m.kind).sort()).toEqual([
    'ClusterRole',
    'ClusterRole',
    'ClusterRoleBinding',
    'ClusterRoleBinding',
    'Job',
    'Namespace',
    'Role',
    'RoleBinding',
    'ServiceAccount',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
  ]);
  for (const m of manifests)
    expect(unknownFields(m, `V1${m.kind}`, `${m.kind}/${m.metadata?.name}`), 'unknown or mistyped fields').toEqual([]);
});

test('the reader ClusterRole only reads jobs, pods, pods/log and namespaces; the one delete is of namespaces, narrowed by admission', () => {
  const roles = manifests.filter((m) => m.kind === 'ClusterRole');
  const reader = roles.find((r) => r.metadata!.name === 'kodex-gate-reader')!;
  const granted = reader.rules.flatMap((r: k8s.V1PolicyRule) =>
    r.resources!.flatMap((res) => r.verbs.map((v) => `${v} ${r.apiGroups![0] || 'core'}/${res}`)),
  );
  expect(granted.sort()).toEqual(
    ['batch/jobs', 'core/namespaces', 'core/pods', 'core/pods/log']
      .flatMap((r) => ['get', 'list', 'watch'].map((v) => `${v} ${r}`))
      .sort(),
  );
  const writes = roles
    .flatMap((r) => r.rules)
    .filter((rule: k8s.V1PolicyRule) => rule.verbs.some((v) => !['get', 'list', 'watch'].includes(v)));
  expect(writes, 'write rules besides the namespace delete').toEqual([
    { apiGroups: [''], resources: ['namespaces'], verbs: ['delete'] },
  ]);

  const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy')!;
  const binding = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicyBinding')!;
  expect(binding.spec).toMatchObject({ policyName: policy.metadata!.name, validationActions: ['Deny'] });
  expect(policy.spec.matchConstraints.resourceRules).toEqual([
    { apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['namespaces'] },
  ]);
  expect(policy.spec.matchConditions[0].expression).toContain(`'${RUNNER}'`);
  for (const label of ['kodex.works/managed-by', 'kodex.works/namespace-purpose', 'kodex.works/run-id']) {
    expect(policy.spec.validations[0].expression, `admission does not check ${label}`).toContain(`'${label}'`);
  }
});

test('the Job runs the suite image as the runner ServiceAccount, once, and keeps its log for collection', () => {
  const job = manifests.find((m) => m.kind === 'Job')! as k8s.V1Job;
  const sa = manifests.find((m) => m.kind === 'ServiceAccount')!;
  expect(job.metadata!.namespace).toBe(sa.metadata!.namespace);
  expect(job.spec!.template.spec!.serviceAccountName).toBe(sa.metadata!.name);
  expect(job.spec).toMatchObject({ backoffLimit: 0, template: { spec: { restartPolicy: 'Never' } } });
  expect(job.spec!.ttlSecondsAfterFinished, 'the finished Job must outlive the collection').toBeGreaterThanOrEqual(
    3600,
  );
  expect(job.spec!.template.spec!.containers[0].envFrom).toEqual([{ secretRef: { name: 'kodex-gate-env' } }]);
});
