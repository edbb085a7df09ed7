/** The resource types the stand-in serves, their discovery documents and create-time defaulting. */
import { randomSuffix, type KubeObject } from './store.js';

export interface ResourceDef {
  group: string; // '' = core
  version: string;
  name: string; // plural
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: string[];
  /** Verbs other than the full CRUD set (e.g. create-only reviews, which are answered and never stored). */
  verbs?: string[];
}

const ALL = ['all'];
const RESOURCES: ResourceDef[] = [
  {
    group: '',
    version: 'v1',
    name: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    name: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ALL,
    subresources: ['log', 'status'],
  },
  {
    group: '',
    version: 'v1',
    name: 'serviceaccounts',
    singular: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    group: '',
    version: 'v1',
    name: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  },
  { group: '', version: 'v1', name: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true },
  {
    group: 'batch',
    version: 'v1',
    name: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    categories: ALL,
    subresources: ['status'],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    name: 'roles',
    singular: 'role',
    kind: 'Role',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    name: 'rolebindings',
    singular: 'rolebinding',
    kind: 'RoleBinding',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    name: 'clusterroles',
    singular: 'clusterrole',
    kind: 'ClusterRole',
    namespaced: false,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    name: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  },
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    name: 'validatingadmissionpolicies',
    singular: 'validatingadmissionpolicy',
    kind: 'ValidatingAdmissionPolicy',
    namespaced: false,
    subresources: ['status'],
  },
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    name: 'validatingadmissionpolicybindings',
    singular: 'validatingadmissionpolicybinding',
    kind: 'ValidatingAdmissionPolicyBinding',
    namespaced: false,
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    name: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
  },
];

/** Store key of a resource: "pods", "jobs.batch", "roles.rbac.authorization.k8s.io". */
export const storeKey = (d: ResourceDef) => (d.group ? `${d.name}.${d.group}` : d.name);
export const apiVersionOf = (d: ResourceDef) => (d.group ? `${d.group}/${d.version}` : d.version);
const byKind = (kind: string) => RESOURCES.find((d) => d.kind === kind)!;
export const NAMESPACES = byKind('Namespace');
export const PODS = byKind('Pod');
export const JOBS = byKind('Job');
export const SELF_SUBJECT_ACCESS_REVIEWS = byKind('SelfSubjectAccessReview');

export function findResource(group: string, version: string, name: string): ResourceDef | undefined {
  return RESOURCES.find((d) => d.group === group && d.version === version && d.name === name);
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function apiResourceList(group: string, version: string) {
  const defs = RESOURCES.filter((d) => d.group === group && d.version === version);
  if (!defs.length) return undefined;
  const resources = defs.flatMap((d) => [
    {
      name: d.name,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: d.verbs ?? VERBS,
      ...(d.shortNames && { shortNames: d.shortNames }),
      ...(d.categories && { categories: d.categories }),
    },
    ...(d.subresources ?? []).map((s) => ({
      name: `${d.name}/${s}`,
      singularName: '',
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: s === 'log' ? ['get'] : ['get', 'patch', 'update'],
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(defs[0]), resources };
}

function apiGroup(name: string) {
  const gv = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [gv], preferredVersion: gv };
}

const apiGroupNames = () => [...new Set(RESOURCES.map((d) => d.group).filter(Boolean))];
export const apiGroupList = () => ({ kind: 'APIGroupList', apiVersion: 'v1', groups: apiGroupNames().map(apiGroup) });
export const apiGroupDoc = (name: string) =>
  apiGroupNames().includes(name) ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(name) } : undefined;

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kodex-stand',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Create-time defaulting (roughly what the real API server and controllers fill in). */
export function applyDefaults(def: ResourceDef, obj: KubeObject): void {
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = obj.metadata.generateName + randomSuffix();
  if (def.kind === 'Namespace') {
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
    obj.spec = { finalizers: ['kubernetes'], ...obj.spec };
    obj.status = { phase: 'Active' };
  }
  if (def.kind === 'Pod') obj.status = { phase: 'Pending', ...obj.status };
  if (def.kind === 'Job') {
    obj.metadata.generation = 1;
    obj.spec = {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      manualSelector: false,
      ...obj.spec,
    };
    obj.status = {};
  }
}

/** Job controller-side defaulting that needs the uid (selector + template labels). */
export function defaultJobSelector(job: KubeObject): void {
  const uid = job.metadata.uid!;
  const added = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': job.metadata.name,
    'controller-uid': uid,
    'job-name': job.metadata.name,
  };
  job.spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  job.spec.template ??= {};
  job.spec.template.metadata ??= {};
  job.spec.template.metadata.labels = { ...job.spec.template.metadata.labels, ...added };
}
