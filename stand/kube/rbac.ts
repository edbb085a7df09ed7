/**
 * RBAC for impersonated requests (`Impersonate-User`, as `kubectl --as` sends) and SelfSubjectAccessReview:
 * the stand's one bearer token is a cluster admin (system:masters); an impersonated user gets exactly what the
 * stored ClusterRoleBindings / RoleBindings grant, evaluated the way the RBAC authorizer does.
 */
import { KubeError } from './status.js';
import type { KubeObject, Store } from './store.js';

export interface UserInfo {
  username: string;
  groups: string[];
}
export interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

const ADMIN: UserInfo = { username: 'kodex-stand-admin', groups: ['system:masters', 'system:authenticated'] };

/** The user a request acts as: the admin, or whom it impersonates (service accounts get their implied groups). */
export function requestUser(headers: Record<string, string | string[] | undefined>): UserInfo {
  const as = headers['impersonate-user'];
  if (typeof as !== 'string' || !as) return ADMIN;
  const extra = headers['impersonate-group'];
  const groups = [...(Array.isArray(extra) ? extra : extra ? [extra] : []), 'system:authenticated'];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(as);
  if (sa) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  return { username: as, groups };
}

interface Rule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}
interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

const has = (list: string[] | undefined, value: string) => !!list && (list.includes('*') || list.includes(value));

function ruleAllows(rule: Rule, a: Attributes): boolean {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resourceOk =
    has(rule.resources, resource) || (!!a.subresource && !!rule.resources?.includes(`*/${a.subresource}`));
  const nameOk = !rule.resourceNames?.length || (!!a.name && rule.resourceNames.includes(a.name));
  return has(rule.verbs, a.verb) && has(rule.apiGroups, a.group) && resourceOk && nameOk;
}

function subjectIs(s: Subject, user: UserInfo, bindingNamespace?: string): boolean {
  if (s.kind === 'User') return s.name === user.username;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount')
    return user.username === `system:serviceaccount:${s.namespace ?? bindingNamespace}:${s.name}`;
  return false;
}

/** Why a user may do something ("allowed by …"), or undefined when no binding grants it. */
export function authorize(store: Store, user: UserInfo, a: Attributes): string | undefined {
  if (user.groups.includes('system:masters')) return 'allowed: system:masters';
  const bindings: KubeObject[] = [
    ...store.list('clusterrolebindings.rbac.authorization.k8s.io'),
    ...(a.namespace ? store.list('rolebindings.rbac.authorization.k8s.io', a.namespace) : []),
  ];
  for (const b of bindings) {
    if (!(b.subjects ?? []).some((s: Subject) => subjectIs(s, user, b.metadata.namespace))) continue;
    const ref = b.roleRef ?? {};
    const role =
      ref.kind === 'ClusterRole'
        ? store.get('clusterroles.rbac.authorization.k8s.io', undefined, ref.name)
        : store.get('roles.rbac.authorization.k8s.io', b.metadata.namespace, ref.name);
    if ((role?.rules ?? []).some((r: Rule) => ruleAllows(r, a))) {
      return `RBAC: allowed by ${b.kind} "${b.metadata.name}" of ${ref.kind} "${ref.name}" to ${user.username}`;
    }
  }
  return undefined;
}

/** 403 in the API server's words. */
export function forbidden(user: UserInfo, a: Attributes): KubeError {
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const what = a.name ? `${qualified} "${a.name}"` : qualified;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return new KubeError(
    403,
    'Forbidden',
    `${what} is forbidden: User "${user.username}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`,
    { ...(a.name && { name: a.name }), ...(a.group && { group: a.group }), kind: a.resource },
  );
}

/** POST selfsubjectaccessreviews: answered, never stored. */
export function selfSubjectAccessReview(store: Store, user: UserInfo, body: unknown): KubeObject {
  const spec = (body as { spec?: { resourceAttributes?: Partial<Attributes> } } | undefined)?.spec;
  const ra = spec?.resourceAttributes;
  if (!ra)
    throw new KubeError(
      422,
      'Invalid',
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  const reason = authorize(store, user, {
    verb: ra.verb ?? '',
    group: ra.group ?? '',
    resource: ra.resource ?? '',
    subresource: ra.subresource || undefined,
    namespace: ra.namespace || undefined,
    name: ra.name || undefined,
  });
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null } as never,
    spec,
    status: { allowed: !!reason, ...(reason && { reason }) },
  };
}

/** What every real cluster starts with that matters here: any authenticated user may review its own access. */
export const BOOTSTRAP_RBAC: { resource: string; object: KubeObject }[] = [
  {
    resource: 'clusterroles',
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:basic-user', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
      rules: [
        {
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
          verbs: ['create'],
        },
      ],
    },
  },
  {
    resource: 'clusterrolebindings',
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:basic-user', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:basic-user' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }],
    },
  },
];
