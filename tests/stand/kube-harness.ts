/**
 * The Kubernetes API stand-in (stand/kube) as its component tests use it: `useKubeStandIn()` starts it (with
 * a GitHub stand-in for the gate agent's issues) around a spec file, and the helpers below make namespaces
 * and Jobs whose gate agent obeys the outcome asked for.
 */
import { randomBytes } from 'node:crypto';
import { test, expect } from '@playwright/test';
import * as k8s from '@kubernetes/client-node';
import { fetch } from 'undici';
import { K8S } from '../../contract/kodex.js';
import { kubeConfigFor } from '../../stand/kube/kubeconfig.js';
import { GATE_AGENT, outcomeLabels } from '../../contract/gate-agent.mjs';
import { startGitHubApi } from '../../stand/github/server.js';
import { startKubeApi, type KubeApi } from '../../stand/kube/server.js';

export const TOKEN = randomBytes(12).toString('hex');
export const WAIT = { timeout: 10_000, intervals: [25, 50, 100] };

/** The running stand-ins and the clients on them, set before the spec file's first test. */
export const kube = {} as {
  api: KubeApi;
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  batch: k8s.BatchV1Api;
  github: Awaited<ReturnType<typeof startGitHubApi>>;
};

/** Starts the stand-ins before the spec file's tests and stops them after. */
export function useKubeStandIn(): void {
  test.beforeAll(async () => {
    kube.github = await startGitHubApi({});
    kube.api = await startKubeApi({ token: TOKEN, pendingMs: 50, runMs: 200, keepAliveMs: 100 });
    kube.kc = kubeConfigFor(kube.api.url, TOKEN);
    kube.core = kube.kc.makeApiClient(k8s.CoreV1Api);
    kube.batch = kube.kc.makeApiClient(k8s.BatchV1Api);
  });
  test.afterAll(async () => {
    await kube.api?.close();
    await kube.github?.close();
  });
}

const suffix = () => randomBytes(3).toString('hex');

export async function newNamespace(): Promise<string> {
  const name = `${K8S.namespacePrefix}-t-${suffix()}`;
  await kube.core.createNamespace({
    body: { metadata: { name, labels: { 'kodex.works/managed-by': 'kodex-worker' } } },
  });
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
  const res = await fetch(`${kube.github.url}/repos/${REPO}/issues`, {
    method: 'POST',
    headers: { authorization: 'Bearer kube-api-spec', 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'kube-api spec', labels }),
  });
  expect(res.status, 'the GitHub stand-in creates the issue').toBe(201);
  return ((await res.json()) as { number: number }).number;
}

export async function jobBody(
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
    [GATE_AGENT.env.githubApiUrl]: kube.github.url,
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
export async function completedJob(namespace: string) {
  const job = await createJob(namespace);
  await expect
    .poll(() => conditionsOf(namespace, job.name), { ...WAIT, message: 'the job completes' })
    .toContain('Complete/CompletionsReached');
  return job;
}

export async function createJob(namespace: string, opts: { outcome?: Outcome; durationMs?: number } = {}) {
  const runId = `run-${suffix()}`;
  const name = K8S.jobName(runId);
  await kube.batch.createNamespacedJob({ namespace, body: await jobBody(name, runId, opts) });
  return { name, runId };
}

export const podsOf = async (namespace: string, job: string) =>
  (await kube.core.listNamespacedPod({ namespace, labelSelector: `job-name=${job}` })).items;
export const conditionsOf = async (namespace: string, job: string) =>
  ((await kube.batch.readNamespacedJob({ name: job, namespace })).status?.conditions ?? [])
    .filter((c) => c.status === 'True')
    .map((c) => `${c.type}/${c.reason}`);

/** The Status body of a failed client-node call. */
export async function statusOf(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the call should have failed').toBeInstanceOf(k8s.ApiException);
  const e = err as k8s.ApiException<string>;
  return { code: e.code, body: e.body ? JSON.parse(e.body) : {} };
}
