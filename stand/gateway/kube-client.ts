import type * as k8s from '@kubernetes/client-node';

/** The gateway's few Kubernetes calls (staff cancel stops the run's Job); the client loads on first use. */
export class KubeJobs {
  private batch?: Promise<k8s.BatchV1Api>;
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  private api(): Promise<k8s.BatchV1Api> {
    this.batch ??= Promise.all([import('@kubernetes/client-node'), import('../kube/kubeconfig.js')]).then(
      ([client, { kubeConfigFor }]) => kubeConfigFor(this.url, this.token).makeApiClient(client.BatchV1Api),
    );
    return this.batch;
  }

  /** Loads the client ahead of the first cancel (it takes seconds on a busy machine, past a caller's timeout). */
  warm(): void {
    void this.api().catch(() => {});
  }

  async deleteJob(namespace: string, name: string): Promise<boolean> {
    try {
      await (await this.api()).deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' });
      return true;
    } catch {
      return false;
    }
  }
}
