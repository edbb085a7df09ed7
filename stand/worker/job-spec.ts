import type * as k8s from '@kubernetes/client-node';
import { K8S, runNamespace } from '../../contract/kodex.js';
import type { Faults } from '../faults.js';

export interface ClaimedRun {
  id: string;
  correlation_id: string;
  project_id: string;
  run_payload: any;
  learning_mode: boolean;
  slot_no: number | null;
}

export function namespaceFor(run: ClaimedRun): string {
  return runNamespace(run.project_id, run.id, run.run_payload?.issue?.number ?? null);
}

export function runEnv(run: ClaimedRun, namespace: string, botToken: string): k8s.V1EnvVar[] {
  const p = run.run_payload ?? {};
  const env: Record<string, string> = {
    KODEX_RUN_ID: run.id,
    KODEX_CORRELATION_ID: run.correlation_id,
    KODEX_PROJECT_ID: run.project_id,
    KODEX_SLOT_NO: String(run.slot_no ?? ''),
    KODEX_RUNTIME_MODE: 'full-env',
    KODEX_RUNTIME_TARGET_ENV: namespace,
    KODEX_REPOSITORY_FULL_NAME: p.repository?.full_name ?? '',
    KODEX_ISSUE_NUMBER: String(p.issue?.number ?? ''),
    KODEX_RUN_TRIGGER_KIND: p.trigger?.kind ?? '',
    KODEX_RUN_TRIGGER_LABEL: p.trigger?.label ?? '',
    KODEX_AGENT_KEY: p.agent?.key ?? '',
    // Upstream puts the bot token into the Job env as a literal value; the stand does the same.
    KODEX_GIT_BOT_TOKEN: botToken,
  };
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

export function jobFor(run: ClaimedRun, namespace: string, image: string, botToken: string, faults: Faults): k8s.V1Job {
  const labels: Record<string, string> = {
    [K8S.labels.name]: K8S.labelValues.name,
    [K8S.labels.managedBy]: K8S.labelValues.managedBy,
    [K8S.labels.runId]: run.id,
    [K8S.labels.projectId]: run.project_id,
  };
  if (faults.has('job-missing-run-label')) delete labels[K8S.labels.runId];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: K8S.jobName(run.id),
      namespace,
      labels,
      annotations: { [K8S.correlationAnnotation]: run.correlation_id },
    },
    spec: {
      backoffLimit: K8S.backoffLimit,
      activeDeadlineSeconds: K8S.activeDeadlineSeconds,
      ttlSecondsAfterFinished: K8S.jobTtlSeconds,
      template: {
        metadata: { labels: { [K8S.labels.name]: K8S.labelValues.name, [K8S.labels.runId]: run.id } },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: 'codex-runner',
          containers: [
            {
              name: K8S.container,
              image,
              command: ['/bin/sh', '-c', K8S.jobCommand],
              env: runEnv(run, namespace, botToken),
            },
          ],
        },
      },
    },
  };
}

export function namespaceObject(run: ClaimedRun, namespace: string): k8s.V1Namespace {
  const p = run.run_payload ?? {};
  return {
    metadata: {
      name: namespace,
      labels: {
        'kodex.works/managed-by': 'kodex-worker',
        'kodex.works/namespace-purpose': 'run',
        'kodex.works/runtime-mode': 'full-env',
        'kodex.works/project-id': run.project_id,
        'kodex.works/run-id': run.id,
        'kodex.works/issue-number': String(p.issue?.number ?? ''),
        'kodex.works/agent-key': p.agent?.key ?? '',
      },
      annotations: { 'kodex.works/ttl-seconds': '86400' },
    },
  };
}
