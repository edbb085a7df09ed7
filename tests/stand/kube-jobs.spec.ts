/** The Kubernetes API stand-in runs Jobs: pods, logs, outcomes and cascading deletes (client-node). */
import { test, expect } from '@playwright/test';
import { K8S } from '../../contract/kodex.js';
import {
  WAIT,
  completedJob,
  conditionsOf,
  createJob,
  kube,
  newNamespace,
  podsOf,
  statusOf,
  useKubeStandIn,
} from './kube-harness.js';

useKubeStandIn();

test('a Job gets a pod that runs to completion', async () => {
  const ns = await newNamespace();
  const { name, runId } = await createJob(ns);

  const job = await kube.batch.readNamespacedJob({ name, namespace: ns });
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
  const done = await kube.batch.readNamespacedJob({ name, namespace: ns });
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
  const log = await kube.core.readNamespacedPodLog({
    name: pod.metadata!.name!,
    namespace: ns,
    container: K8S.container,
    tailLines: 200,
  });
  expect(log).toContain(`gate-agent: run ${runId} decided: exit code 0`);
  expect(log).toContain(`gate-agent: run ${runId} finished exit code 0`);
  const tail = await kube.core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: ns, tailLines: 1 });
  expect(tail.trim().split('\n')).toEqual([`gate-agent: run ${runId} finished exit code 0`]);
});

test('outcome "fail" ends in a Failed condition', async () => {
  const ns = await newNamespace();
  const { name } = await createJob(ns, { outcome: 'fail' });
  await expect
    .poll(() => conditionsOf(ns, name), { ...WAIT, message: 'the job fails' })
    .toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
  const job = await kube.batch.readNamespacedJob({ name, namespace: ns });
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
  const job = await kube.batch.readNamespacedJob({ name, namespace: ns });
  expect(job.status?.active).toBe(1);
  expect(job.status?.conditions).toBeUndefined();
  const err = await statusOf(kube.core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: ns }));
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
    const job = await kube.batch.readNamespacedJob({ name, namespace: ns });
    expect(job.status?.active, name).toBe(1);
    expect(job.status?.conditions, name).toBeUndefined();
  }
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
  await kube.batch.deleteNamespacedJob({ name: a.name, namespace: ns, propagationPolicy: 'Background' });
  expect(await podsOf(ns, a.name)).toEqual([]);
  expect(await podsOf(ns, b.name)).toHaveLength(1);

  await kube.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'codex-runner' } } });
  await kube.core.deleteNamespace({ name: ns });
  expect((await statusOf(kube.core.readNamespace({ name: ns }))).code).toBe(404);
  expect((await kube.batch.listJobForAllNamespaces({ labelSelector: `${K8S.labels.runId}=${b.runId}` })).items).toEqual(
    [],
  );
  expect((await kube.core.listPodForAllNamespaces({ labelSelector: `job-name=${b.name}` })).items).toEqual([]);
  expect((await kube.core.listNamespacedServiceAccount({ namespace: ns })).items).toEqual([]);
});
