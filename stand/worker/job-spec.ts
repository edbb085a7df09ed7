import type * as k8s from '@kubernetes/client-node';
import { SignJWT } from 'jose';
import { K8S, RUN_JOB, runNamespace, type AgentLogsSnapshot, type RunJobSettings } from '../../contract/kodex.js';
import type { Faults } from '../faults.js';

export interface ClaimedRun {
  id: string;
  correlation_id: string;
  project_id: string;
  run_payload: any;
  learning_mode: boolean;
  slot_no: number | null;
}

/** What the launcher needs besides the run: the worker's settings and the credentials it hands the run. */
export interface JobInputs {
  image: string;
  botToken: string;
  mcpToken: string;
  settings: RunJobSettings;
}

export function namespaceFor(run: ClaimedRun): string {
  return runNamespace(run.project_id, run.id, run.run_payload?.issue?.number ?? null);
}

/** The run-bound MCP token as kodex's control plane signs it (domain/mcp/token.go): HS256, sub run:<id>, 24 h. */
export function mintMcpToken(run: ClaimedRun, namespace: string, signingKey: string): Promise<string> {
  return new SignJWT({
    run_id: run.id,
    correlation_id: run.correlation_id,
    project_id: run.project_id,
    namespace,
    runtime_mode: 'full-env',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('kodex/mcp')
    .setSubject(`run:${run.id}`)
    .setIssuedAt()
    .setExpirationTime('24h')
    .sign(new TextEncoder().encode(signingKey));
}

/** kodex's buildRunContainerEnv: every name always present, in its order, values literal. */
export function runEnv(run: ClaimedRun, namespace: string, inputs: JobInputs, faults?: Faults): k8s.V1EnvVar[] {
  const p = run.run_payload ?? {};
  const env: Record<(typeof RUN_JOB.envNames)[number], string> = {
    KODEX_RUN_ID: run.id,
    KODEX_CORRELATION_ID: run.correlation_id,
    KODEX_PROJECT_ID: run.project_id,
    KODEX_SLOT_NO: String(run.slot_no ?? 0),
    KODEX_RUNTIME_MODE: 'full-env',
    KODEX_RUNTIME_TARGET_ENV: namespace,
    KODEX_RUNTIME_BUILD_REF: '',
    KODEX_RUNTIME_ACCESS_PROFILE: 'candidate',
    KODEX_CONTROL_PLANE_GRPC_TARGET: 'kodex-control-plane:9090',
    KODEX_MCP_BASE_URL: 'http://kodex-control-plane:8081/mcp',
    KODEX_MCP_BEARER_TOKEN: inputs.mcpToken,
    KODEX_QUALITY_GOVERNANCE_ENABLED: 'false',
    KODEX_REPOSITORY_FULL_NAME: p.repository?.full_name ?? '',
    KODEX_ISSUE_NUMBER: String(p.issue?.number ?? 0),
    KODEX_RUN_TRIGGER_KIND: p.trigger?.kind ?? '',
    KODEX_RUN_TRIGGER_LABEL: p.trigger?.label ?? '',
    KODEX_DISCUSSION_MODE: 'false',
    KODEX_RUN_TARGET_BRANCH: '',
    KODEX_EXISTING_PR_NUMBER: '0',
    KODEX_AGENT_KEY: p.agent?.key ?? '',
    KODEX_AGENT_MODEL: 'gpt-5.2-codex',
    KODEX_AGENT_REASONING_EFFORT: 'high',
    KODEX_PROMPT_TEMPLATE_KIND: 'work',
    KODEX_PROMPT_TEMPLATE_SOURCE: 'repo_seed',
    KODEX_PROMPT_TEMPLATE_LOCALE: 'en',
    KODEX_STATE_IN_REVIEW_LABEL: 'state:in-review',
    KODEX_AGENT_BASE_BRANCH: 'main',
    // The stand has no model or Context7 key; kodex passes empty values through as empty env.
    KODEX_OPENAI_API_KEY: '',
    KODEX_CONTEXT7_API_KEY: '',
    KODEX_AGENT_DISPLAY_NAME: p.agent?.name ?? '',
    // Upstream puts the bot token into the Job env as a literal value; the stand does the same.
    KODEX_GIT_BOT_TOKEN: inputs.botToken,
    KODEX_GIT_BOT_USERNAME: 'kodex-bot',
    KODEX_GIT_BOT_MAIL: 'kodex-bot@kodex-stand.local',
  };
  // An older launcher: the run gets neither its MCP credentials nor the model settings.
  const dropped: string[] = faults?.has('job-env-incomplete')
    ? ['KODEX_MCP_BASE_URL', 'KODEX_MCP_BEARER_TOKEN', 'KODEX_AGENT_MODEL', 'KODEX_AGENT_REASONING_EFFORT']
    : [];
  return RUN_JOB.envNames.filter((name) => !dropped.includes(name)).map((name) => ({ name, value: env[name] }));
}

/** kodex's Launcher.Launch for a full-env run (libs/go/k8s/joblauncher/launcher.go). */
export function jobFor(run: ClaimedRun, namespace: string, inputs: JobInputs, faults: Faults): k8s.V1Job {
  const labels: Record<string, string> = {
    [K8S.labels.name]: K8S.labelValues.name,
    [K8S.labels.managedBy]: K8S.labelValues.managedBy,
    [K8S.labels.runId]: run.id,
    [K8S.labels.projectId]: run.project_id,
  };
  if (faults.has('job-missing-run-label')) delete labels[K8S.labels.runId];
  const { settings } = inputs;
  const repoCache = !faults.has('job-without-repo-cache');
  const { volume, claim, mountPath } = RUN_JOB.repoCache;
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
      backoffLimit: settings.backoffLimit,
      activeDeadlineSeconds: settings.activeDeadlineSeconds,
      // A launcher that hard-codes its TTL instead of reading KODEX_WORKER_JOB_TTL_SECONDS.
      ttlSecondsAfterFinished: faults.has('job-settings-ignored') ? 3600 : settings.ttlSeconds,
      template: {
        metadata: { labels: { [K8S.labels.name]: K8S.labelValues.name, [K8S.labels.runId]: run.id } },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: faults.has('job-settings-ignored') ? undefined : settings.serviceAccount,
          containers: [
            {
              name: K8S.container,
              image: inputs.image,
              command: [...RUN_JOB.shell, settings.command],
              env: runEnv(run, namespace, inputs, faults),
              ...(repoCache ? { volumeMounts: [{ name: volume, mountPath }] } : {}),
            },
          ],
          ...(repoCache ? { volumes: [{ name: volume, persistentVolumeClaim: { claimName: claim } }] } : {}),
        },
      },
    },
  };
}

/**
 * agent_logs_json as kodex's agent-runner reports it through its callback (session log snapshot v1): the
 * stand's pod log stands in for the codex exec output. Under mcp-token-in-agent-logs the output also carries
 * a run-bound MCP bearer token, as an agent echoing its request headers would.
 */
export async function agentLogsOf(
  run: ClaimedRun,
  status: string,
  podLog: string[],
  mcpSigningKey: string,
  faults: Faults,
): Promise<AgentLogsSnapshot> {
  const p = run.run_payload ?? {};
  const output = [...podLog];
  if (faults.has('mcp-token-in-agent-logs'))
    output.push(`mcp: POST /mcp Authorization: Bearer ${await mintMcpToken(run, namespaceFor(run), mcpSigningKey)}`);
  const branch = `codex/issue-${p.issue?.number ?? 0}`;
  return {
    version: 'v1',
    status,
    report: {
      summary: `gate agent ${status}`,
      branch,
      pr_number: 0,
      pr_url: '',
      session_id: run.id,
      model: 'gpt-5.2-codex',
      reasoning_effort: 'high',
    },
    runtime: { target_branch: branch, codex_exec_output: output.join('\n'), git_push_output: '' },
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
