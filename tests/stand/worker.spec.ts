import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS, K8S } from '../../contract/kodex.js';
import { kubeConfigFor } from '../../stand/kube/kubeconfig.js';
import { startKubeApi } from '../../stand/kube/server.js';
import { jobState } from '../../stand/worker/job-status.js';

test.describe('simulated kubelet', () => {
  test('an image it does not know never pulls: ImagePullBackOff, which the worker counts as failed', async () => {
    const api = await startKubeApi({ token: 'kubelet-spec', pendingMs: 50, runMs: 0 });
    try {
      const kc = kubeConfigFor(api.url, 'kubelet-spec');
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const batch = kc.makeApiClient(k8s.BatchV1Api);
      const name = K8S.jobName(`ipb-${randomBytes(3).toString('hex')}`);
      await batch.createNamespacedJob({
        namespace: 'default',
        body: {
          metadata: { name },
          spec: {
            backoffLimit: 0,
            template: {
              spec: { restartPolicy: 'Never', containers: [{ name: K8S.container, image: 'kodex/no-such-image:1' }] },
            },
          },
        },
      });
      const pods = async () =>
        (await core.listNamespacedPod({ namespace: 'default', labelSelector: `job-name=${name}` })).items;
      await expect
        .poll(async () => (await pods())[0]?.status?.containerStatuses?.[0].state?.waiting?.reason, {
          message: 'the pod waits on the image pull',
        })
        .toBe('ImagePullBackOff');
      const job = await batch.readNamespacedJob({ name, namespace: 'default' });
      expect(jobState(job, await pods()), "upstream's Launcher.Status reads a back-off as failed").toBe('failed');
    } finally {
      await api.close();
    }
  });
});

test.describe('stand worker', () => {
  test('a crashing agent fails the run at once, and the waiter stops early saying so', async ({
    webhook,
    world,
    waiter,
    db,
    kube,
  }) => {
    test.skip(!world.realIssues, world.fabricatedWhy ?? '');
    const issue = await world.issue({ outcome: 'crash-loop' });
    const { runId } = await webhook.trigger({ issue: issue.number, otherLabels: issue.labels });
    const started = Date.now();
    await expect(
      waiter.until({ runId }, 'succeeded', 30_000),
      'the waiter gives up at once on a failed run',
    ).rejects.toThrow(/ended "failed"|BackOff/);
    expect(Date.now() - started, 'well before its 30 s bound').toBeLessThan(15_000);
    const failed = await waiter.until({ runId }, 'failed');
    expect((await waiter.eventsOnce(failed.correlation_id, FLOW_EVENTS.runFailed)).map((e) => e.event_type)).toContain(
      FLOW_EVENTS.runFailed,
    );
    // kodex's Jobs use restartPolicy Never: a crash fails the pod (no CrashLoopBackOff), exit code 1
    expect(await kube.exitCodesOfRun(runId), "the crashed container's exit code").toEqual([1]);
    expect((await kube.logOfRun(runId)).join('\n'), "the pod log is the agent's stdout").toContain('crash-loop');
    expect(await db.slotsLeasedBy(runId), 'the failed run released its slot').toHaveLength(0);
  });

  test('a staff cancel stops a long run, frees its slot and deletes its Job', async ({
    webhook,
    world,
    waiter,
    db,
    kube,
    staff,
  }) => {
    test.skip(!world.realIssues, world.fabricatedWhy ?? '');
    const issue = await world.issue({ durationMs: 600_000 });
    const { runId } = await webhook.trigger({ issue: issue.number, otherLabels: issue.labels });
    await waiter.until({ runId }, 'running');
    await expect
      .poll(async () => (await kube.jobsOfRun(runId)).length, { message: 'the long run has its Job' })
      .toBe(1);
    const res = await staff.cancelRunResponse(runId);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({
      run_id: runId,
      action: 'cancel',
      previous_status: 'running',
      current_status: 'canceled',
      already_terminal: false,
      job_stopped: true,
    });
    expect((await db.runById(runId))?.status).toBe('canceled');
    expect(await db.slotsLeasedBy(runId), 'the canceled run released its slot').toHaveLength(0);
    await expect
      .poll(async () => (await kube.jobsOfRun(runId)).length, { message: "the canceled run's Job is deleted" })
      .toBe(0);
  });
});
