/**
 * The Kubernetes API stand-in (stand/kube): client-node CRUD/watch/logs against the simulated
 * kubelet, Status errors, auth, and real kubectl get / get --watch / logs.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import * as k8s from '@kubernetes/client-node';
import { fetch } from 'undici';
import { K8S } from '../../contract/kodex.js';
import { kubeConfigFor, writeKubeconfig } from '../../stand/kube/kubeconfig.js';
import { GATE_AGENT, outcomeLabels } from '../../contract/gate-agent.mjs';
import { startGitHubApi } from '../../stand/github/server.js';
import { startKubeApi, type KubeApi } from '../../stand/kube/server.js';

const run = promisify(execFile);
const TOKEN = randomBytes(12).toString('hex');
const WAIT = { timeout: 10_000, intervals: [25, 50, 100] };
const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let api: KubeApi;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let batch: k8s.BatchV1Api;
let github: Awaited<ReturnType<typeof startGitHubApi>>;

test.beforeAll(async () => {
  github = await startGitHubApi({});
  api = await startKubeApi({ token: TOKEN, pendingMs: 50, runMs: 200, keepAliveMs: 100 });
  kc = kubeConfigFor(api.url, TOKEN);
  core = kc.makeApiClient(k8s.CoreV1Api);
  batch = kc.makeApiClient(k8s.BatchV1Api);
});
test.afterAll(async () => {
  await api?.close();
  await github?.close();
});

const suffix = () => randomBytes(3).toString('hex');

async function newNamespace(): Promise<string> {
  const name = `${K8S.namespacePrefix}-t-${suffix()}`;
  await core.createNamespace({ body: { metadata: { name, labels: { 'kodex.works/managed-by': 'kodex-worker' } } } });
  return name;
}

/**
 * What a test Job does: the gate agent obeys its issue's labels (an issue created in the GitHub stand-in);
 * `hang` runs far longer than any test, `image-pull-backoff` names an image the kubelet does not know,
 * and crash-loop restarts only under restartPolicy OnFailure (kodex's Jobs use Never).
 */
type Outcome = 'fail' | 'image-pull-backoff' | 'crash-loop' | 'hang';
const REPO = 'kodex-gate/kube-api';

async function issueWith(labels: string[]): Promise<number> {
  const res = await fetch(`${github.url}/repos/${REPO}/issues`, {
    method: 'POST',
    headers: { authorization: 'Bearer kube-api-spec', 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'kube-api spec', labels }),
  });
  expect(res.status, 'the GitHub stand-in creates the issue').toBe(201);
  return ((await res.json()) as { number: number }).number;
}

async function jobBody(
  name: string,
  runId: string,
  opts: { outcome?: Outcome; durationMs?: number } = {},
): Promise<k8s.V1Job> {
  const labels = outcomeLabels({
    outcome: opts.outcome === 'fail' || opts.outcome === 'crash-loop' ? opts.outcome : undefined,
    durationMs: opts.outcome === 'hang' ? 3_600_000 : opts.durationMs,
  });
  const env = {
    KODEX_RUN_ID: runId,
    KODEX_REPOSITORY_FULL_NAME: REPO,
    KODEX_ISSUE_NUMBER: String(await issueWith(labels)),
    KODEX_GIT_BOT_TOKEN: 'kube-api-spec',
    [GATE_AGENT.env.githubApiUrl]: github.url,
  };
  return {
    metadata: {
      name,
      labels: { [K8S.labels.name]: K8S.labelValues.name, [K8S.labels.runId]: runId },
      annotations: { [K8S.correlationAnnotation]: `corr-${runId}` },
    },
    spec: {
      backoffLimit: K8S.backoffLimit,
      template: {
        metadata: { labels: { [K8S.labels.runId]: runId } },
        spec: {
          restartPolicy: opts.outcome === 'crash-loop' ? 'OnFailure' : 'Never',
          containers: [
            {
              name: K8S.container,
              image: opts.outcome === 'image-pull-backoff' ? 'kodex/unknown-image:stand' : GATE_AGENT.standImage,
              env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })),
            },
          ],
        },
      },
    },
  };
}

/** A Job created in `namespace` and awaited until the kubelet completes it. */
async function completedJob(namespace: string) {
  const job = await createJob(namespace);
  await expect
    .poll(() => conditionsOf(namespace, job.name), { ...WAIT, message: 'the job completes' })
    .toContain('Complete/CompletionsReached');
  return job;
}

async function createJob(namespace: string, opts: { outcome?: Outcome; durationMs?: number } = {}) {
  const runId = `run-${suffix()}`;
  const name = K8S.jobName(runId);
  await batch.createNamespacedJob({ namespace, body: await jobBody(name, runId, opts) });
  return { name, runId };
}

const podsOf = async (namespace: string, job: string) =>
  (await core.listNamespacedPod({ namespace, labelSelector: `job-name=${job}` })).items;
const conditionsOf = async (namespace: string, job: string) =>
  ((await batch.readNamespacedJob({ name: job, namespace })).status?.conditions ?? [])
    .filter((c) => c.status === 'True')
    .map((c) => `${c.type}/${c.reason}`);

/** The Status body of a failed client-node call. */
async function statusOf(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the call should have failed').toBeInstanceOf(k8s.ApiException);
  const e = err as k8s.ApiException<string>;
  return { code: e.code, body: e.body ? JSON.parse(e.body) : {} };
}

test.describe('client-node', () => {
  test('a Job gets a pod that runs to completion', async () => {
    const ns = await newNamespace();
    const { name, runId } = await createJob(ns);

    const job = await batch.readNamespacedJob({ name, namespace: ns });
    const uid = job.metadata!.uid!;
    expect(job.spec?.selector?.matchLabels).toEqual({ 'batch.kubernetes.io/controller-uid': uid });
    expect(job.spec?.template.metadata?.labels).toMatchObject({
      'job-name': name,
      'controller-uid': uid,
      [K8S.labels.runId]: runId,
    });

    await expect.poll(async () => (await podsOf(ns, name)).length, { ...WAIT, message: 'the job pod appears' }).toBe(1);
    const [pod] = await podsOf(ns, name);
    expect(pod.metadata?.name).toMatch(new RegExp(`^${name}-[a-z0-9]{5}$`));
    expect(pod.metadata?.labels).toMatchObject({
      'batch.kubernetes.io/job-name': name,
      'batch.kubernetes.io/controller-uid': uid,
      [K8S.labels.runId]: runId,
    });
    expect(pod.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Job', name, uid, controller: true }),
    ]);
    expect(pod.spec?.containers[0].name).toBe(K8S.container);

    await expect
      .poll(() => conditionsOf(ns, name), { ...WAIT, message: 'the job completes' })
      .toEqual(['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
    const done = await batch.readNamespacedJob({ name, namespace: ns });
    expect(done.status).toMatchObject({ succeeded: 1, ready: 0 });
    expect(done.status?.active).toBeUndefined();
    expect(done.status?.completionTime).toBeInstanceOf(Date);
    const [finished] = await podsOf(ns, name);
    expect(finished.status?.phase).toBe('Succeeded');
    expect(finished.status?.containerStatuses?.[0].state?.terminated?.exitCode).toBe(0);
  });

  test('the pod log names the run', async () => {
    const ns = await newNamespace();
    const { name, runId } = await completedJob(ns);
    const [pod] = await podsOf(ns, name);
    const log = await core.readNamespacedPodLog({
      name: pod.metadata!.name!,
      namespace: ns,
      container: K8S.container,
      tailLines: 200,
    });
    expect(log).toContain(`gate-agent: run ${runId} decided: exit code 0`);
    expect(log).toContain(`gate-agent: run ${runId} finished exit code 0`);
    const tail = await core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: ns, tailLines: 1 });
    expect(tail.trim().split('\n')).toEqual([`gate-agent: run ${runId} finished exit code 0`]);
  });

  test('outcome "fail" ends in a Failed condition', async () => {
    const ns = await newNamespace();
    const { name } = await createJob(ns, { outcome: 'fail' });
    await expect
      .poll(() => conditionsOf(ns, name), { ...WAIT, message: 'the job fails' })
      .toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
    const job = await batch.readNamespacedJob({ name, namespace: ns });
    expect(job.status).toMatchObject({ failed: 1 });
    expect(job.status?.active).toBeUndefined();
    const [pod] = await podsOf(ns, name);
    expect(pod.status?.phase).toBe('Failed');
    expect(pod.status?.containerStatuses?.[0].state?.terminated?.exitCode).toBe(1);
  });

  test('outcome "image-pull-backoff" leaves the pod waiting and the job active', async () => {
    const ns = await newNamespace();
    const { name } = await createJob(ns, { outcome: 'image-pull-backoff' });
    await expect
      .poll(async () => (await podsOf(ns, name))[0]?.status?.containerStatuses?.[0].state?.waiting?.reason, {
        ...WAIT,
        message: 'the container waits on the image pull',
      })
      .toBe('ImagePullBackOff');
    const [pod] = await podsOf(ns, name);
    expect(pod.status?.phase).toBe('Pending');
    const job = await batch.readNamespacedJob({ name, namespace: ns });
    expect(job.status?.active).toBe(1);
    expect(job.status?.conditions).toBeUndefined();
    const err = await statusOf(core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: ns }));
    expect(err.code).toBe(400);
    expect(err.body.message).toContain('is waiting to start');
  });

  test('outcomes "crash-loop" and "hang" keep the job active', async () => {
    const ns = await newNamespace();
    const crash = await createJob(ns, { outcome: 'crash-loop' });
    const hang = await createJob(ns, { outcome: 'hang' });
    const quick = await createJob(ns, { durationMs: 0 });
    await expect
      .poll(async () => (await podsOf(ns, crash.name))[0]?.status?.containerStatuses?.[0].state?.waiting?.reason, {
        ...WAIT,
        message: 'the container is in CrashLoopBackOff',
      })
      .toBe('CrashLoopBackOff');
    // By the time a zero-duration job has completed, a hang job that ignored its label would have too.
    await expect
      .poll(() => conditionsOf(ns, quick.name), { ...WAIT, message: 'the quick job completes' })
      .toContain('Complete/CompletionsReached');
    const [hangPod] = await podsOf(ns, hang.name);
    expect(hangPod.status?.phase).toBe('Running');
    expect(hangPod.status?.containerStatuses?.[0].state?.running).toBeTruthy();
    for (const { name } of [crash, hang]) {
      const job = await batch.readNamespacedJob({ name, namespace: ns });
      expect(job.status?.active, name).toBe(1);
      expect(job.status?.conditions, name).toBeUndefined();
    }
  });

  test('lists honour label and field selectors, across namespaces too', async () => {
    const ns = await newNamespace();
    const a = await createJob(ns, { outcome: 'hang' });
    const b = await createJob(ns, { outcome: 'hang' });
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (await batch.listNamespacedJob({ namespace: ns, labelSelector, fieldSelector })).items
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

    const all = await batch.listJobForAllNamespaces({ labelSelector: `${K8S.labels.runId}=${b.runId}` });
    expect(all.items.map((j) => `${j.metadata?.namespace}/${j.metadata?.name}`)).toEqual([`${ns}/${b.name}`]);
    expect(all.kind).toBe('JobList');
    expect(Number(all.metadata?.resourceVersion)).toBeGreaterThan(0);
    await expect
      .poll(async () => (await core.listPodForAllNamespaces({ labelSelector: `job-name=${a.name}` })).items.length, {
        ...WAIT,
        message: 'the pod is listed across namespaces',
      })
      .toBe(1);
    expect((await core.listPodForAllNamespaces({ labelSelector: `job-name=${a.name}` })).kind).toBe('PodList');

    const page = await batch.listNamespacedJob({ namespace: ns, limit: 1 });
    expect(page.items).toHaveLength(1);
    const rest = await batch.listNamespacedJob({ namespace: ns, limit: 1, _continue: page.metadata?._continue });
    expect(rest.items.map((j) => j.metadata?.name)).not.toEqual(page.items.map((j) => j.metadata?.name));

    const bad = await statusOf(batch.listNamespacedJob({ namespace: ns, labelSelector: 'a in (b' }));
    expect(bad.code).toBe(400);
  });

  test('errors are Status bodies', async () => {
    const ns = await newNamespace();
    expect(await statusOf(batch.readNamespacedJob({ name: 'nope', namespace: ns }))).toEqual({
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
    const pod = await statusOf(core.readNamespacedPod({ name: 'nope', namespace: ns }));
    expect(pod.body).toMatchObject({ message: 'pods "nope" not found', reason: 'NotFound' });

    const { name, runId } = await createJob(ns, { outcome: 'hang' });
    const dup = await statusOf(batch.createNamespacedJob({ namespace: ns, body: await jobBody(name, runId) }));
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({
      kind: 'Status',
      reason: 'AlreadyExists',
      message: `jobs.batch "${name}" already exists`,
      code: 409,
    });

    const missingNs = await statusOf(
      batch.createNamespacedJob({ namespace: 'no-such-ns', body: await jobBody('x', 'y') }),
    );
    expect(missingNs.code).toBe(404);
    expect(missingNs.body).toMatchObject({ reason: 'NotFound', message: 'namespaces "no-such-ns" not found' });

    const noName = await statusOf(
      batch.createNamespacedJob({ namespace: ns, body: { spec: (await jobBody('x', 'y')).spec } }),
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
    const anon = kubeConfigFor(api.url, 'wrong').makeApiClient(k8s.CoreV1Api);
    const err = await anon.listNamespace().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    expect((err as k8s.ApiException<unknown>).code).toBe(401);
  });

  test('Watch gets ADDED and MODIFIED events and outlives quiet spells', async () => {
    const ns = await newNamespace();
    const watch = new k8s.Watch(kc);
    // client-node aborts a watch after requestTimeoutMs (private, 30 s) without data; the job below
    // stays quiet for 1.5 s while running, so only the server's keep-alives (every 100 ms here) keep it open.
    (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = 600;
    const events: string[] = [];
    let doneErr: unknown = 'not done';
    const ctl = await watch.watch(
      `/apis/batch/v1/namespaces/${ns}/jobs`,
      {},
      (type, obj: k8s.V1Job) => events.push(`${type} ${obj.metadata?.name} ${obj.status?.succeeded ?? '-'}`),
      (err) => {
        doneErr = err;
      },
    );
    try {
      const { name } = await createJob(ns, { durationMs: 1500 });
      await expect.poll(() => events, { ...WAIT, message: 'the job is ADDED' }).toContain(`ADDED ${name} -`);
      await expect
        .poll(() => events, { ...WAIT, message: 'the completion arrives as MODIFIED' })
        .toContain(`MODIFIED ${name} 1`);
      expect(doneErr, 'the watch is still open').toBe('not done');
    } finally {
      ctl.abort();
    }
  });

  test('Watch from a resourceVersion replays later events; selectors filter them', async () => {
    const ns = await newNamespace();
    const before = await batch.listNamespacedJob({ namespace: ns });
    const a = await createJob(ns, { outcome: 'hang' });
    const b = await createJob(ns, { outcome: 'hang' });
    const events: string[] = [];
    const ctl = await new k8s.Watch(kc).watch(
      `/apis/batch/v1/namespaces/${ns}/jobs`,
      { resourceVersion: before.metadata!.resourceVersion, labelSelector: `${K8S.labels.runId}=${b.runId}` },
      (type, obj: k8s.V1Job) => events.push(`${type} ${obj.metadata?.name}`),
      () => {},
    );
    try {
      await expect
        .poll(() => events, { ...WAIT, message: 'the replay holds only the selected job' })
        .toContain(`ADDED ${b.name}`);
      await batch.deleteNamespacedJob({ name: b.name, namespace: ns });
      await expect.poll(() => events, { ...WAIT, message: 'the deletion is seen' }).toContain(`DELETED ${b.name}`);
      expect(events.filter((e) => e.includes(a.name))).toEqual([]);
    } finally {
      ctl.abort();
    }
  });

  test('Watch honours timeoutSeconds; close() ends open watches', async () => {
    let timedOut: unknown = 'open';
    const ctl = await new k8s.Watch(kc).watch(
      '/api/v1/namespaces',
      { timeoutSeconds: 1 },
      () => {},
      (err) => {
        timedOut = err;
      },
    );
    await expect.poll(() => timedOut, { ...WAIT, message: 'the server ends the watch after 1 s' }).toBeNull();
    ctl.abort();

    const other = await startKubeApi({ token: TOKEN, keepAliveMs: 100 });
    const otherKc = kubeConfigFor(other.url, TOKEN);
    let closed: unknown = 'open';
    const events: string[] = [];
    await new k8s.Watch(otherKc).watch(
      '/api/v1/namespaces',
      {},
      (type, o: k8s.V1Namespace) => events.push(`${type} ${o.metadata?.name}`),
      (err) => {
        closed = err;
      },
    );
    await expect.poll(() => events, { ...WAIT, message: 'the initial ADDED events arrive' }).toContain('ADDED default');
    await other.close();
    await expect.poll(() => closed, { ...WAIT, message: 'close() ends the watch' }).not.toBe('open');
    const after = await otherKc
      .makeApiClient(k8s.CoreV1Api)
      .listNamespace()
      .catch((e: Error) => e);
    expect(after, 'the port is closed').toBeInstanceOf(Error);
  });

  test('deletes cascade: Job → pods, Namespace → everything', async () => {
    const ns = await newNamespace();
    const a = await createJob(ns, { outcome: 'hang' });
    const b = await createJob(ns, { outcome: 'hang' });
    await expect
      .poll(async () => (await podsOf(ns, a.name)).length + (await podsOf(ns, b.name)).length, {
        ...WAIT,
        message: 'both pods appear',
      })
      .toBe(2);
    await batch.deleteNamespacedJob({ name: a.name, namespace: ns, propagationPolicy: 'Background' });
    expect(await podsOf(ns, a.name)).toEqual([]);
    expect(await podsOf(ns, b.name)).toHaveLength(1);

    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'codex-runner' } } });
    await core.deleteNamespace({ name: ns });
    expect((await statusOf(core.readNamespace({ name: ns }))).code).toBe(404);
    expect((await batch.listJobForAllNamespaces({ labelSelector: `${K8S.labels.runId}=${b.runId}` })).items).toEqual(
      [],
    );
    expect((await core.listPodForAllNamespaces({ labelSelector: `job-name=${b.name}` })).items).toEqual([]);
    expect((await core.listNamespacedServiceAccount({ namespace: ns })).items).toEqual([]);
  });

  test('a delete whose resourceVersion precondition is stale answers 409 and leaves the object (a relabelled slot namespace)', async () => {
    const ns = await newNamespace();
    const listed = await core.readNamespace({ name: ns });
    await core.patchNamespace({
      name: ns,
      body: [{ op: 'add', path: '/metadata/labels', value: { [K8S.labels.runId]: 'a-newer-run' } }],
    });
    const stale = { preconditions: { resourceVersion: listed.metadata!.resourceVersion } };
    expect((await statusOf(core.deleteNamespace({ name: ns, body: stale }))).code).toBe(409);
    expect((await core.readNamespace({ name: ns })).metadata?.labels?.[K8S.labels.runId]).toBe('a-newer-run');
  });

  test('namespaces are Active; RBAC objects and patches work', async () => {
    const ns = await newNamespace();
    expect((await core.readNamespace({ name: ns })).status?.phase).toBe('Active');
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
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
    const patched = await core.patchNamespace({
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
    expect((await core.readNamespace({ name: ns })).metadata?.labels).toMatchObject({
      extra: 'yes',
      'kodex.works/managed-by': 'kodex-worker',
    });
  });

  test('the https side of the same port serves client-node too', async () => {
    const secure = kubeConfigFor(api.httpsUrl, TOKEN).makeApiClient(k8s.CoreV1Api);
    const names = (await secure.listNamespace()).items.map((n) => n.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['default', K8S.codeOnlyNamespace]));
  });
});

test.describe('kubectl', () => {
  test.skip(!hasKubectl, 'kubectl is not on PATH');
  let dir: string;
  let kubectl: (...args: string[]) => Promise<string>;
  let kubectlArgs: string[];

  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-api-spec-'));
    const kubeconfig = join(dir, 'kubeconfig');
    await writeKubeconfig(kubeconfig, api.url, TOKEN);
    kubectlArgs = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), '--request-timeout', '10s'];
    kubectl = async (...args) => (await run('kubectl', [...kubectlArgs, ...args], { timeout: 20_000 })).stdout;
  });
  test.afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('get, get -o json and logs', async () => {
    const ns = await newNamespace();
    const { name, runId } = await completedJob(ns);

    const jobs = await kubectl('get', 'jobs', '-A');
    expect(jobs).toMatch(new RegExp(`^${ns}\\s+${name}\\s+Complete\\s+1/1`, 'm'));

    const pods = JSON.parse(await kubectl('get', 'pods', '-n', ns, '-o', 'json'));
    expect(pods.items).toHaveLength(1);
    const pod = pods.items[0];
    expect(pod.metadata.labels['job-name']).toBe(name);
    expect(pod.status.phase).toBe('Succeeded');

    expect(await kubectl('logs', '-n', ns, pod.metadata.name)).toContain(
      `gate-agent: run ${runId} decided: exit code 0`,
    );
    expect(await kubectl('logs', '-n', ns, `job/${name}`)).toContain(`gate-agent: run ${runId} finished exit code 0`);
  });

  test('get jobs -A --watch streams new jobs', async () => {
    const ns = await newNamespace();
    const first = await createJob(ns, { outcome: 'hang' });
    const child = spawn('kubectl', [...kubectlArgs, 'get', 'jobs', '-A', '--watch'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    try {
      await expect.poll(() => out, { ...WAIT, message: 'the existing job is listed' }).toContain(first.name);
      const second = await createJob(ns, { durationMs: 300 });
      await expect
        .poll(() => out, { ...WAIT, message: 'the new job arrives through the watch' })
        .toContain(second.name);
      // The completion arrives after ~300 ms of keep-alive newlines; kubectl must still be reading.
      await expect
        .poll(() => out, { ...WAIT, message: 'the completion is streamed' })
        .toMatch(new RegExp(`${second.name}\\s+Complete`));
      expect(child.exitCode, err).toBeNull();
    } finally {
      child.kill();
    }
  });
});

/** Plain HTTP request with an optional token, so the status and headers are visible as-is. */
async function rawFetch(
  path: string,
  o: { method?: string; body?: string; token?: string; contentType?: string } = {},
) {
  return fetch(`${api.url}${path}`, {
    method: o.method ?? 'GET',
    body: o.body,
    headers: {
      ...(o.token && { authorization: `Bearer ${o.token}` }),
      ...(o.body && { 'content-type': o.contentType ?? 'application/json' }),
    },
  });
}
