import * as k8s from '@kubernetes/client-node';

/** The gateway's few Kubernetes calls (staff cancel stops the run's Job). */
export class KubeJobs {
  private readonly batch: k8s.BatchV1Api;
  constructor(kc: k8s.KubeConfig) { this.batch = kc.makeApiClient(k8s.BatchV1Api); }

  async deleteJob(namespace: string, name: string): Promise<boolean> {
    try {
      await this.batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' });
      return true;
    } catch {
      return false;
    }
  }
}
