import type { Trigger } from './triggers.js';

/** The JSON kodex writes for a delivery (payload_casters.go / payload_models.go); keys as kodex spells them. */
export interface Delivery {
  deliveryId: string;
  event: string;
  body: any;
  receivedAt: Date;
}

const actor = (a: any) => ({ id: a?.id ?? 0, login: a?.login ?? '' });
const pruned = <T extends object>(o: T): T =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && v !== false && !(Array.isArray(v) && !v.length)),
  ) as T;

/** buildBaseFlowEventPayload. */
function baseEvent(d: Delivery, correlationId: string) {
  const b = d.body ?? {};
  return {
    source: 'github',
    delivery_id: d.deliveryId,
    event_type: d.event,
    action: b.action ?? '',
    correlation_id: correlationId,
    sender: actor(b.sender),
    repository: { id: b.repository?.id ?? 0, full_name: b.repository?.full_name ?? '', name: b.repository?.name ?? '' },
  };
}

const threadNumber = (b: any) =>
  b.issue?.number > 0 ? b.issue.number : b.pull_request?.number > 0 ? b.pull_request.number : undefined;

/** webhook.received without a run (buildReceivedEventPayload). */
export const receivedEvent = (d: Delivery, correlationId: string) =>
  pruned({ ...baseEvent(d, correlationId), issue_number: threadNumber(d.body ?? {}) });

/** webhook.received / webhook.duplicate of a run (buildEventPayload). */
export const runEvent = (d: Delivery, correlationId: string, inserted: boolean, runId: string, t?: Trigger) => ({
  ...baseEvent(d, correlationId),
  inserted,
  ...pruned({ run_id: runId, label: t?.label, run_kind: t?.kind, issue_number: threadNumber(d.body ?? {}) }),
});

export interface Ignored {
  reason: string;
  runKind?: string;
  bindingResolved: boolean;
  conflicting?: string[];
  suggested?: string[];
}
/** webhook.ignored (buildIgnoredEventPayload). */
export function ignoredEvent(d: Delivery, correlationId: string, i: Ignored) {
  const b = d.body ?? {};
  const thread = b.issue?.number > 0 ? b.issue : b.pull_request?.number > 0 ? b.pull_request : undefined;
  const label = typeof b.label?.name === 'string' && b.label.name.trim() ? b.label.name : undefined;
  return {
    ...baseEvent(d, correlationId),
    reason: i.reason,
    binding_resolved: i.bindingResolved,
    ...pruned({ conflicting_labels: i.conflicting, suggested_labels: i.suggested, label, run_kind: i.runKind }),
    ...(thread
      ? {
          issue: {
            id: thread.id ?? 0,
            number: thread.number,
            title: thread.title ?? '',
            html_url: thread.html_url ?? '',
            state: thread.state ?? '',
          },
        }
      : {}),
  };
}

export interface RunPayloadInput {
  correlationId: string;
  project: { id: string; repositoryId: string; servicesYaml: string; bindingResolved: boolean };
  learningMode: boolean;
  agent: { id?: string; key: string; name: string };
  trigger?: Trigger;
  runtime: {
    mode: string;
    source: string;
    targetEnv?: string;
    namespace?: string;
    buildRef?: string;
    deployOnly: boolean;
    accessProfile: string;
  };
}

/** The fields an issue and a pull request share in run_payload. */
const githubItem = (x: any) => ({
  id: x.id ?? 0,
  number: x.number,
  title: x.title ?? '',
  html_url: x.html_url ?? '',
  state: x.state ?? '',
});

/** agent_runs.run_payload (buildRunPayload). */
export function runPayload(d: Delivery, i: RunPayloadInput) {
  const b = d.body ?? {};
  const r = b.repository ?? {};
  const issue =
    b.issue?.number > 0
      ? {
          ...githubItem(b.issue),
          user: actor(b.issue.user),
          ...(b.issue.pull_request
            ? { pull_request: { url: b.issue.pull_request.url ?? '', html_url: b.issue.pull_request.html_url ?? '' } }
            : {}),
        }
      : undefined;
  const pr =
    b.pull_request?.number > 0
      ? {
          ...githubItem(b.pull_request),
          head: pruned({ ref: b.pull_request.head?.ref ?? '', sha: b.pull_request.head?.sha }),
          base: { ref: b.pull_request.base?.ref ?? '' },
          user: actor(b.pull_request.user),
        }
      : undefined;
  return {
    source: 'github',
    delivery_id: d.deliveryId,
    event_type: d.event,
    received_at: d.receivedAt.toISOString(),
    repository: {
      id: r.id ?? 0,
      full_name: r.full_name ?? '',
      name: r.name ?? '',
      private: r.private === true,
      fork: r.fork === true,
    },
    installation: { id: b.installation?.id ?? 0 },
    sender: actor(b.sender),
    action: b.action ?? '',
    raw_payload: b,
    correlation_id: i.correlationId,
    project: {
      id: i.project.id,
      repository_id: i.project.repositoryId,
      services_yaml: i.project.servicesYaml,
      binding_resolved: i.project.bindingResolved,
    },
    learning_mode: i.learningMode,
    ...(i.trigger?.discussion ? { discussion_mode: true } : {}),
    agent: { ...pruned({ id: i.agent.id }), key: i.agent.key, name: i.agent.name },
    ...(issue ? { issue } : {}),
    ...(pr ? { pull_request: pr } : {}),
    ...(i.trigger ? { trigger: { source: i.trigger.source, label: i.trigger.label, kind: i.trigger.kind } } : {}),
    runtime: {
      mode: i.runtime.mode,
      ...pruned({
        source: i.runtime.source,
        target_env: i.runtime.targetEnv,
        namespace: i.runtime.namespace,
        build_ref: i.runtime.buildRef,
        deploy_only: i.runtime.deployOnly,
        access_profile: i.runtime.accessProfile,
      }),
    },
  };
}
