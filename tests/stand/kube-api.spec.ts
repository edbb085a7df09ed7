/** The Kubernetes API stand-in as an API server: lists, Status errors, auth, RBAC, patches, https (client-node). */
import { test, expect } from '@playwright/test';
import * as k8s from '@kubernetes/client-node';
import { fetch } from 'undici';
import { K8S } from '../../contract/kodex.js';
import { kubeConfigFor } from '../../stand/kube/kubeconfig.js';
import { TOKEN, WAIT, createJob, jobBody, kube, newNamespace, statusOf, useKubeStandIn } from './kube-harness.js';

useKubeStandIn();

test('lists honour label and field selectors, across namespaces too', async () => {
  const ns = await newNamespace();
  const a = await createJob(ns, { outcome: 'hang' });
  const b = await createJob(ns, { outcome: 'hang' });
  const names = async (labelSelector?: string, fieldSelector?: string) =>
    (await kube.batch.listNamespacedJob({ namespace: ns, labelSelector, fieldSelector })).items
      .map((j) => j.metadata?.name)
      .sort();

  expect(await names(`${K8S.labels.runId}=${a.runId}`)).toEqual([a.name]);
  expect(await names(`${K8S.labels.runId}!=${a.runId}`)).toEqual([b.name]);
  expect(await names(`${K8S.labels.runId} in (${a.runId},${b.runId}),${K8S.labels.name}`)).toEqual(
    [a.name, b.name].sort(),
  );
  expect(await names(`${K8S.labels.runId} notin (${a.runId})`)).toEqual([b.name]);
  expect(await names('!kodex.works/project-id')).toEqual([a.name, b.name].sort());
  expect(await names('kodex.works/project-id')).toEqual([]);
  expect(await names(undefined, `metadata.name=${b.name}`)).toEqual([b.name]);

  const all = await kube.batch.listJobForAllNamespaces({ labelSelector: `${K8S.labels.runId}=${b.runId}` });
  expect(all.items.map((j) => `${j.metadata?.namespace}/${j.metadata?.name}`)).toEqual([`${ns}/${b.name}`]);
  expect(all.kind).toBe('JobList');
  expect(Number(all.metadata?.resourceVersion)).toBeGreaterThan(0);
  await expect
    .poll(async () => (await kube.core.listPodForAllNamespaces({ labelSelector: `job-name=${a.name}` })).items.length, {
      ...WAIT,
      message: 'the pod is listed across namespaces',
    })
    .toBe(1);
  expect((await kube.core.listPodForAllNamespaces({ labelSelector: `job-name=${a.name}` })).kind).toBe('PodList');

  const page = await kube.batch.listNamespacedJob({ namespace: ns, limit: 1 });
  expect(page.items).toHaveLength(1);
  const rest = await kube.batch.listNamespacedJob({ namespace: ns, limit: 1, _continue: page.metadata?._continue });
  expect(rest.items.map((j) => j.metadata?.name)).not.toEqual(page.items.map((j) => j.metadata?.name));

  const bad = await statusOf(kube.batch.listNamespacedJob({ namespace: ns, labelSelector: 'a in (b' }));
  expect(bad.code).toBe(400);
});

test('errors are Status bodies', async () => {
  const ns = await newNamespace();
  expect(await statusOf(kube.batch.readNamespacedJob({ name: 'nope', namespace: ns }))).toEqual({
    code: 404,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'jobs.batch "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'batch', kind: 'jobs' },
      code: 404,
    },
  });
  const pod = await statusOf(kube.core.readNamespacedPod({ name: 'nope', namespace: ns }));
  expect(pod.body).toMatchObject({ message: 'pods "nope" not found', reason: 'NotFound' });

  const { name, runId } = await createJob(ns, { outcome: 'hang' });
  const dup = await statusOf(kube.batch.createNamespacedJob({ namespace: ns, body: await jobBody(name, runId) }));
  expect(dup.code).toBe(409);
  expect(dup.body).toMatchObject({
    kind: 'Status',
    reason: 'AlreadyExists',
    message: `jobs.batch "${name}" already exists`,
    code: 409,
  });

  const missingNs = await statusOf(
    kube.batch.createNamespacedJob({ namespace: 'no-such-ns', body: await jobBody('x', 'y') }),
  );
  expect(missingNs.code).toBe(404);
  expect(missingNs.body).toMatchObject({ reason: 'NotFound', message: 'namespaces "no-such-ns" not found' });

  const noName = await statusOf(
    kube.batch.createNamespacedJob({ namespace: ns, body: { spec: (await jobBody('x', 'y')).spec } }),
  );
  expect(noName.code).toBe(400);

  const raw = await rawFetch(`/apis/batch/v1/namespaces/${ns}/jobs`, {
    method: 'POST',
    body: '{not json',
    token: TOKEN,
  });
  expect(raw.status).toBe(400);
  expect(raw.headers.get('content-type')).toBe('application/json');
  expect(await raw.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
});

test('requests without the bearer token get 401', async () => {
  for (const token of [undefined, 'wrong']) {
    const res = await rawFetch('/api/v1/namespaces', { token });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  }
  const anon = kubeConfigFor(kube.api.url, 'wrong').makeApiClient(k8s.CoreV1Api);
  const err = await anon.listNamespace().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(k8s.ApiException);
  expect((err as k8s.ApiException<unknown>).code).toBe(401);
});

test('a delete whose resourceVersion precondition is stale answers 409 and leaves the object (a relabelled slot namespace)', async () => {
  const ns = await newNamespace();
  const listed = await kube.core.readNamespace({ name: ns });
  await kube.core.patchNamespace({
    name: ns,
    body: [{ op: 'add', path: '/metadata/labels', value: { [K8S.labels.runId]: 'a-newer-run' } }],
  });
  const stale = { preconditions: { resourceVersion: listed.metadata!.resourceVersion } };
  expect((await statusOf(kube.core.deleteNamespace({ name: ns, body: stale }))).code).toBe(409);
  expect((await kube.core.readNamespace({ name: ns })).metadata?.labels?.[K8S.labels.runId]).toBe('a-newer-run');
});

test('namespaces are Active; RBAC objects and patches work', async () => {
  const ns = await newNamespace();
  expect((await kube.core.readNamespace({ name: ns })).status?.phase).toBe('Active');
  const rbac = kube.kc.makeApiClient(k8s.RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace: ns,
    body: { metadata: { name: 'codex-runner' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'codex-runner' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'codex-runner' },
      subjects: [{ kind: 'ServiceAccount', name: 'codex-runner', namespace: ns }],
    },
  });
  expect((await rbac.readNamespacedRoleBinding({ name: 'codex-runner', namespace: ns })).roleRef.name).toBe(
    'codex-runner',
  );

  // client-node sends JSON patch by default.
  const patched = await kube.core.patchNamespace({
    name: ns,
    body: [{ op: 'add', path: '/metadata/annotations', value: { 'kodex.works/ttl': '1h' } }],
  });
  expect(patched.metadata?.annotations).toEqual({ 'kodex.works/ttl': '1h' });
  const merged = await rawFetch(`/api/v1/namespaces/${ns}`, {
    method: 'PATCH',
    token: TOKEN,
    contentType: 'application/merge-patch+json',
    body: JSON.stringify({ metadata: { labels: { extra: 'yes' } } }),
  });
  expect(merged.status).toBe(200);
  expect((await kube.core.readNamespace({ name: ns })).metadata?.labels).toMatchObject({
    extra: 'yes',
    'kodex.works/managed-by': 'kodex-worker',
  });
});

test('the https side of the same port serves client-node too', async () => {
  const secure = kubeConfigFor(kube.api.httpsUrl, TOKEN).makeApiClient(k8s.CoreV1Api);
  const names = (await secure.listNamespace()).items.map((n) => n.metadata?.name);
  expect(names).toEqual(expect.arrayContaining(['default', K8S.codeOnlyNamespace]));
});

/** Plain HTTP request with an optional token, so the status and headers are visible as-is. */
async function rawFetch(
  path: string,
  o: { method?: string; body?: string; token?: string; contentType?: string } = {},
) {
  return fetch(`${kube.api.url}${path}`, {
    method: o.method ?? 'GET',
    body: o.body,
    headers: {
      ...(o.token && { authorization: `Bearer ${o.token}` }),
      ...(o.body && { 'content-type': o.contentType ?? 'application/json' }),
    },
  });
}
