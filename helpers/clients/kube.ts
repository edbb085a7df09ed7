import type * as k8s from '@kubernetes/client-node';
import { K8S } from '../../contract/kodex.js';
import { loadKubeClient } from './kube-package.mjs';
import type { Target } from '../runner/config.js';

const labelSelectorOf = (selector: Record<string, string>) =>
  Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** The suite's view of the cluster: the Jobs, Pods and logs of a run. Deletes are refused on production. */
export class GateKube {
  private constructor(
    private readonly kc: k8s.KubeConfig,
    private readonly core: k8s.CoreV1Api,
    private readonly batch: k8s.BatchV1Api,
    private readonly target: Target,
  ) {}

  /** Loaded lazily (collecting the tests should not pay for the Kubernetes client), and from its bundle. */
  static async create(kubeconfigPath: string, context: string | undefined, target: Target): Promise<GateKube> {
    const client = await loadKubeClient();
    const kc = new client.KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    if (context) kc.setCurrentContext(context);
    return new GateKube(kc, kc.makeApiClient(client.CoreV1Api), kc.makeApiClient(client.BatchV1Api), target);
  }

  /** The API server this suite talks to. */
  serverUrl(): string {
    return this.kc.getCurrentCluster()?.server ?? '';
  }

  async jobsWithLabels(selector: Record<string, string>): Promise<k8s.V1Job[]> {
    return (await this.batch.listJobForAllNamespaces({ labelSelector: labelSelectorOf(selector) })).items;
  }
  jobsOfRun(runId: string) {
    return this.jobsWithLabels({ [K8S.labels.runId]: runId });
  }

  /** Jobs whose correlation annotation starts with a prefix (a delivery id, or the gate run marker). */
  async jobsWithCorrelationPrefix(prefix: string): Promise<k8s.V1Job[]> {
    return (await this.jobsWithLabels({ [K8S.labels.managedBy]: K8S.labelValues.managedBy })).filter((j) =>
      (j.metadata?.annotations?.[K8S.correlationAnnotation] ?? '').startsWith(prefix),
    );
  }
  async podsOfRun(runId: string): Promise<k8s.V1Pod[]> {
    const pods: k8s.V1Pod[] = [];
    for (const job of await this.jobsOfRun(runId))
      pods.push(...(await this.podsOfJob(job.metadata!.namespace!, job.metadata!.name!)));
    return pods;
  }
  async podsOfJob(namespace: string, jobName: string): Promise<k8s.V1Pod[]> {
    return (await this.core.listNamespacedPod({ namespace, labelSelector: `job-name=${jobName}` })).items;
  }
  async podLog(namespace: string, pod: string): Promise<string> {
    return String(
      await this.core.readNamespacedPodLog({ name: pod, namespace, container: K8S.container, tailLines: 200 }),
    );
  }
  /** The exit codes of a run's terminated run containers (one per pod). */
  async exitCodesOfRun(runId: string): Promise<number[]> {
    return (await this.podsOfRun(runId))
      .flatMap((p) => p.status?.containerStatuses ?? [])
      .map((s) => s.state?.terminated?.exitCode)
      .filter((c): c is number => typeof c === 'number');
  }
  /** The log lines of a run's pods. */
  async logOfRun(runId: string): Promise<string[]> {
    const lines: string[] = [];
    for (const pod of await this.podsOfRun(runId))
      lines.push(...(await this.podLog(pod.metadata!.namespace!, pod.metadata!.name!)).split('\n'));
    return lines.filter(Boolean);
  }
  async namespacesWithLabels(selector: Record<string, string>): Promise<string[]> {
    return (await this.core.listNamespace({ labelSelector: labelSelectorOf(selector) })).items.map(
      (n) => n.metadata!.name!,
    );
  }
  async deleteNamespace(name: string): Promise<void> {
    if (this.target === 'production') throw new Error('kodex-gate refuses to delete namespaces on a production target');
    await this.core.deleteNamespace({ name }).catch((err: any) => {
      if (err?.code !== 404) throw err;
    });
  }

  /**
   * Deletes the namespaces whose run-id label still names this run. kodex reuses a slot's namespace and relabels it
   * with the latest run (runtime_namespace.go): the delete carries the listed resourceVersion as a precondition, so a
   * namespace relabelled by a newer run since the list is answered 409 and left alone. Returns what it left.
   */
  async deleteNamespacesOfRun(runId: string): Promise<string[]> {
    if (this.target === 'production') throw new Error('kodex-gate refuses to delete namespaces on a production target');
    const left: string[] = [];
    const listed = await this.core.listNamespace({ labelSelector: labelSelectorOf({ [K8S.labels.runId]: runId }) });
    for (const ns of listed.items) {
      const { name, uid, resourceVersion } = ns.metadata!;
      await this.core
        .deleteNamespace({ name: name!, body: { preconditions: { uid, resourceVersion } } })
        .catch((err: any) => {
          if (err?.code === 409) left.push(`${name} (relabelled by a newer run)`);
          else if (err?.code !== 404) throw err;
        });
    }
    return left;
  }

  /** The names of kodex's worker pods (KODEX_WORKER_ID is the pod name) in their namespace. */
  async workerPods(namespace: string): Promise<string[]> {
    const pods = await this.core.listNamespacedPod({
      namespace,
      labelSelector: labelSelectorOf(K8S.workerPodLabels),
    });
    return pods.items.map((p) => p.metadata!.name!).sort();
  }

  /** Kills a worker the hard way: its pod deleted without a grace period (its Deployment starts another). */
  async killWorkerPod(namespace: string, name: string): Promise<void> {
    if (this.target === 'production') throw new Error('kodex-gate refuses to kill worker pods on a production target');
    await this.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
  }

  /** A short, readable account of a run's Jobs (found by their run-id label) and pods, for evidence. */
  async describeRunJobs(runId: string): Promise<string> {
    const jobs = await this.jobsOfRun(runId);
    if (!jobs.length) return `no Job labelled ${K8S.labels.runId}=${runId}`;
    return (await Promise.all(jobs.map((j) => this.describeJob(j)))).join('\n\n');
  }
  private async describeJob(job: k8s.V1Job): Promise<string> {
    const namespace = job.metadata!.namespace!;
    const name = job.metadata!.name!;
    const pods = await this.podsOfJob(namespace, name).catch(() => []);
    const lines = [
      `Job ${namespace}/${name}`,
      `labels: ${JSON.stringify(job.metadata?.labels ?? {})}`,
      `status: ${JSON.stringify({ active: job.status?.active, succeeded: job.status?.succeeded, failed: job.status?.failed })}`,
      ...(job.status?.conditions ?? []).map(
        (c) => `condition ${c.type}=${c.status} ${c.reason ?? ''} ${c.message ?? ''}`,
      ),
    ];
    for (const pod of pods) {
      const waiting = pod.status?.containerStatuses
        ?.map((s) => s.state?.waiting?.reason)
        .filter(Boolean)
        .join(',');
      lines.push(`pod ${pod.metadata?.name} phase=${pod.status?.phase}${waiting ? ` waiting=${waiting}` : ''}`);
      lines.push(
        ...(await this.podLog(namespace, pod.metadata!.name!).catch((e) => `log unavailable: ${e.message}`))
          .split('\n')
          .map((l) => `  | ${l}`),
      );
    }
    return lines.join('\n');
  }
}
