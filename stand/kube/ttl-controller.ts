/**
 * Kubernetes' TTL-after-finished controller, as a client of the API stand-in: a Job that finished (Complete or
 * Failed) more than spec.ttlSecondsAfterFinished ago is deleted with its pods (propagation Background).
 */
export function startTtlController(kubeUrl: string, token: string, everyMs = 1000, log?: (m: string) => void) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const sweep = async () => {
    const res = await fetch(`${kubeUrl}/apis/batch/v1/jobs`, { headers });
    if (!res.ok) return;
    const now = Date.now();
    for (const job of ((await res.json()) as { items: any[] }).items) {
      const ttl = job.spec?.ttlSecondsAfterFinished;
      const done = (job.status?.conditions ?? []).find(
        (c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
      );
      if (typeof ttl !== 'number' || !done) continue;
      const finishedAt = Date.parse(job.status?.completionTime ?? done.lastTransitionTime ?? '');
      if (!Number.isFinite(finishedAt) || now - finishedAt < ttl * 1000) continue;
      const { name, namespace } = job.metadata;
      await fetch(`${kubeUrl}/apis/batch/v1/namespaces/${namespace}/jobs/${name}`, {
        method: 'DELETE',
        headers,
        body: JSON.stringify({ propagationPolicy: 'Background' }),
      });
      log?.(`ttl-after-finished: deleted Job ${namespace}/${name}`);
    }
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = () =>
    void sweep()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, everyMs);
      });
  loop();
  return async () => {
    stopped = true;
    clearTimeout(timer);
  };
}
