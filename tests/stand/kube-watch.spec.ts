/** The Kubernetes API stand-in streams watches: events, resourceVersion replays, selectors, timeouts (client-node). */
import { test, expect } from '@playwright/test';
import { startKubeApi } from '../../stand/kube/server.js';
import * as k8s from '@kubernetes/client-node';
import { K8S } from '../../contract/kodex.js';
import { kubeConfigFor } from '../../stand/kube/kubeconfig.js';
import { TOKEN, WAIT, createJob, kube, newNamespace, useKubeStandIn } from './kube-harness.js';

useKubeStandIn();

test('Watch gets ADDED and MODIFIED events and outlives quiet spells', async () => {
  const ns = await newNamespace();
  const watch = new k8s.Watch(kube.kc);
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
  const before = await kube.batch.listNamespacedJob({ namespace: ns });
  const a = await createJob(ns, { outcome: 'hang' });
  const b = await createJob(ns, { outcome: 'hang' });
  const events: string[] = [];
  const ctl = await new k8s.Watch(kube.kc).watch(
    `/apis/batch/v1/namespaces/${ns}/jobs`,
    { resourceVersion: before.metadata!.resourceVersion, labelSelector: `${K8S.labels.runId}=${b.runId}` },
    (type, obj: k8s.V1Job) => events.push(`${type} ${obj.metadata?.name}`),
    () => {},
  );
  try {
    await expect
      .poll(() => events, { ...WAIT, message: 'the replay holds only the selected job' })
      .toContain(`ADDED ${b.name}`);
    await kube.batch.deleteNamespacedJob({ name: b.name, namespace: ns });
    await expect.poll(() => events, { ...WAIT, message: 'the deletion is seen' }).toContain(`DELETED ${b.name}`);
    expect(events.filter((e) => e.includes(a.name))).toEqual([]);
  } finally {
    ctl.abort();
  }
});

test('Watch honours timeoutSeconds; close() ends open watches', async () => {
  let timedOut: unknown = 'open';
  const ctl = await new k8s.Watch(kube.kc).watch(
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
