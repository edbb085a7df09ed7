import type * as k8s from '@kubernetes/client-node';
import { K8S } from '../../contract/kodex.js';

export type JobState = 'succeeded' | 'failed' | 'running' | 'pending' | 'not_found';

const terminalWaiting = (reason?: string) =>
  !!reason && ((K8S.terminalWaitingReasons as readonly string[]).includes(reason) || reason.includes('BackOff'));

/** Upstream's Launcher.Status: conditions, then counters, then pod waiting reasons. */
export function jobState(job: k8s.V1Job | undefined, pods: k8s.V1Pod[]): JobState {
  if (job) {
    const cond = (type: string) => job.status?.conditions?.some((c) => c.type === type && c.status === 'True');
    if (cond('Complete')) return 'succeeded';
    if (cond('Failed')) return 'failed';
    if ((job.status?.succeeded ?? 0) > 0) return 'succeeded';
    if ((job.status?.failed ?? 0) > 0) return 'failed';
  }
  for (const pod of pods) {
    if (pod.status?.phase === 'Failed') return 'failed';
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    if (statuses.some((s) => terminalWaiting(s.state?.waiting?.reason))) return 'failed';
  }
  if (!job) return pods.length ? 'pending' : 'not_found';
  return (job.status?.active ?? 0) > 0 ? 'running' : 'pending';
}
