/**
 * The kodex platform contract, in one place: paths, headers, codes, bodies, statuses, labels,
 * Kubernetes names and console texts. Both the local stand and the suite import it, so a contract
 * change is one edit. Source: ../shared/kodex-contract.md (HEAD behaviour), checked against kodex's code.
 */

export const PATHS = {
  webhook: '/api/v1/webhooks/github',
  healthz: '/healthz',
  readyz: '/readyz',
  authMe: '/api/v1/auth/me',
  authLogout: '/api/v1/auth/logout',
  oauthStart: '/oauth2/start',
  staff: '/api/v1/staff',
  projects: '/api/v1/staff/projects',
  project: (id: string) => `/api/v1/staff/projects/${id}`,
  members: (projectId: string) => `/api/v1/staff/projects/${projectId}/members`,
  member: (projectId: string, userId: string) => `/api/v1/staff/projects/${projectId}/members/${userId}`,
  memberLearning: (projectId: string, userId: string) =>
    `/api/v1/staff/projects/${projectId}/members/${userId}/learning-mode`,
  repositories: (projectId: string) => `/api/v1/staff/projects/${projectId}/repositories`,
  repository: (projectId: string, repoId: string) => `/api/v1/staff/projects/${projectId}/repositories/${repoId}`,
  runsRealtime: '/api/v1/staff/runs/realtime',
  run: (id: string) => `/api/v1/staff/runs/${id}`,
  runEvents: (id: string) => `/api/v1/staff/runs/${id}/events`,
  runLogs: (id: string) => `/api/v1/staff/runs/${id}/logs`,
  runLearning: (id: string) => `/api/v1/staff/runs/${id}/learning-feedback`,
  runCancel: (id: string) => `/api/v1/staff/runs/${id}/cancel`,
  runRealtime: (id: string) => `/api/v1/staff/runs/${id}/realtime`,
  users: '/api/v1/staff/users',
  user: (id: string) => `/api/v1/staff/users/${id}`,
} as const;

export const WEBHOOK_HEADERS = {
  delivery: 'X-GitHub-Delivery',
  event: 'X-GitHub-Event',
  signature: 'X-Hub-Signature-256',
} as const;

export const WEBHOOK_MAX_BODY_BYTES = 1_048_576;

/** Error bodies the gateway returns, exactly. */
export const ERRORS = {
  headerRequired: (field: string) => ({ code: 'invalid_argument', message: 'header is required', field }),
  missingSignature: { code: 'unauthorized', message: 'missing webhook signature' },
  invalidSignature: { code: 'unauthorized', message: 'invalid webhook signature' },
  payloadTooLarge: (max: number) => ({
    code: 'invalid_argument',
    message: `payload too large (max ${max} bytes)`,
    field: 'body',
  }),
  payloadNotJson: { code: 'invalid_argument', message: 'payload must be valid JSON', field: 'body' },
  emailNotAllowed: { code: 'forbidden', message: 'email is not allowed' },
  missingAuthToken: { code: 'unauthorized', message: 'missing auth token' },
  invalidAuthToken: { code: 'unauthorized', message: 'invalid auth token' },
  platformAdminRequired: { code: 'forbidden', message: 'platform admin required' },
  platformOwnerRequired: { code: 'forbidden', message: 'platform owner required' },
  projectAccessRequired: { code: 'forbidden', message: 'project access required' },
  projectWriteAccessRequired: { code: 'forbidden', message: 'project write access required' },
  runNotAssigned: { code: 'forbidden', message: 'run is not assigned to a project' },
  cannotDeleteSelf: { code: 'forbidden', message: 'cannot delete self' },
  cannotDeleteAdmin: { code: 'forbidden', message: 'cannot delete platform admin' },
  notFound: (field: string) => ({ code: 'invalid_argument', message: `${field}: not found` }),
  internal: { code: 'internal', message: 'internal error' },
} as const;

export const INGEST_STATUS = { accepted: 'accepted', duplicate: 'duplicate', ignored: 'ignored' } as const;

export const IGNORE_REASONS = {
  notTriggerLabel: 'issue_event_not_trigger_label',
  labelConflict: 'issue_trigger_label_conflict',
  repoNotBound: 'repository_not_bound_for_issue_label',
  senderNotAllowed: 'sender_not_allowed',
  senderLoginMissing: 'sender_login_missing',
  senderNotMember: 'sender_not_project_member',
  senderReadOnly: 'sender_role_read_not_permitted',
  senderBot: 'sender_type_bot_not_permitted',
} as const;

export const RUN_STATUS = {
  pending: 'pending',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
  waitingBackpressure: 'waiting_backpressure',
} as const;
export const TERMINAL_STATUSES: readonly string[] = [RUN_STATUS.succeeded, RUN_STATUS.failed, RUN_STATUS.canceled];

export const SLOT_STATE = { free: 'free', leased: 'leased', releasing: 'releasing' } as const;
export const MEMBER_ROLES = ['read', 'read_write', 'admin'] as const;

export const FLOW_EVENTS = {
  webhookReceived: 'webhook.received',
  webhookDuplicate: 'webhook.duplicate',
  webhookIgnored: 'webhook.ignored',
  runStarted: 'run.started',
  runSucceeded: 'run.succeeded',
  runFailed: 'run.failed',
  runFailedJobNotFound: 'run.failed.job_not_found',
  runFailedLaunchError: 'run.failed.launch_error',
  namespacePrepared: 'run.namespace.prepared',
  namespaceTtlScheduled: 'run.namespace.ttl_scheduled',
  namespaceTtlExtended: 'run.namespace.ttl_extended',
  profileResolved: 'run.profile.resolved',
  runCanceled: 'run.canceled',
  // stale run leases (worker service_lease_recovery.go, service_shutdown.go)
  workerHeartbeatMissed: 'worker.instance.heartbeat.missed',
  runLeaseDetectedStale: 'run.lease.detected_stale',
  runLeaseReleased: 'run.lease.released',
  runReclaimed: 'run.reclaimed_after_stale_lease',
} as const;
export const WEBHOOK_ACTOR_ID = 'github-webhook';
/**
 * run.* flow events kodex writes with no run behind them (libs/go/domain/flowevent/repository.go), and why. The
 * consistency audit (D1) carves them out by name, never by a pattern.
 */
export const TRIGGER_CONFLICT_COMMENT_EVENT = 'run.trigger.conflict.comment';
export const RUNLESS_RUN_EVENTS: Readonly<Record<string, string>> = {
  [TRIGGER_CONFLICT_COMMENT_EVENT]:
    'the control plane comments a trigger-label conflict on the issue; no run is created (actor control-plane, correlation = the delivery id)',
  'run.namespace.cleaned':
    "the worker's namespace sweep (worker/service_queue_cleanup.go) also cleans namespaces whose project, and so run, was deleted",
  'run.namespace.cleanup_skipped':
    "the worker's namespace sweep records a skipped namespace, including one whose project and run were deleted",
  'run.namespace.cleanup_failed':
    "the worker's namespace sweep records a failed clean-up, including one whose project and run were deleted",
};
export const RUN_FAILED_REASON = 'kubernetes job failed';

/** Trigger label catalog, kinds and agents: contract/triggers.ts. */
export const DISCUSSION_LABEL = 'mode:discussion';
export const REVIEWER_LABEL = 'need:reviewer';

/** Kubernetes objects the worker creates for a run (HEAD). */
export const K8S = {
  jobName: (runId: string) => `kodex-run-${runId.toLowerCase()}`,
  labels: {
    name: 'app.kubernetes.io/name',
    managedBy: 'app.kubernetes.io/managed-by',
    runId: 'kodex.works/run-id',
    projectId: 'kodex.works/project-id',
  },
  labelValues: { name: 'kodex-run', managedBy: 'kodex-worker' },
  correlationAnnotation: 'kodex.works/correlation-id',
  container: 'run',
  /** The run container's command: `/bin/sh -c <KODEX_WORKER_JOB_COMMAND>` (worker config default). */
  jobCommand: '/usr/local/bin/kodex-agent-runner',
  /** The worker Deployment's pods (deploy/base/kodex/app.yaml.tpl): KODEX_WORKER_ID is the pod name. */
  workerPodLabels: { 'app.kubernetes.io/name': 'kodex', 'app.kubernetes.io/component': 'worker' },
  namespacePrefix: 'codex-issue',
  codeOnlyNamespace: 'kodex-prod',
  jobTtlSeconds: 600,
  activeDeadlineSeconds: 18000,
  backoffLimit: 0,
  terminalWaitingReasons: [
    'ErrImagePull',
    'ImagePullBackOff',
    'InvalidImageName',
    'CreateContainerConfigError',
    'CreateContainerError',
    'RunContainerError',
    'CrashLoopBackOff',
  ],
} as const;

/**
 * The rest of a full-env run Job as kodex's launcher builds it (libs/go/k8s/joblauncher/launcher.go:
 * buildRunContainerEnv, repoCacheVolume; worker config.go defaults). Limits and TTL are worker settings
 * (KODEX_WORKER_JOB_*): `jobSettingsDefaults` are kodex's defaults, a target may configure others.
 */
export const RUN_JOB = {
  repoCache: { volume: 'repo-cache', claim: 'kodex-repo-cache', mountPath: '/workspace' },
  shell: ['/bin/sh', '-c'],
  /** The run container's env, by name and in kodex's order; values are literal (tokens included). */
  envNames: [
    'KODEX_RUN_ID',
    'KODEX_CORRELATION_ID',
    'KODEX_PROJECT_ID',
    'KODEX_SLOT_NO',
    'KODEX_RUNTIME_MODE',
    'KODEX_RUNTIME_TARGET_ENV',
    'KODEX_RUNTIME_BUILD_REF',
    'KODEX_RUNTIME_ACCESS_PROFILE',
    'KODEX_CONTROL_PLANE_GRPC_TARGET',
    'KODEX_MCP_BASE_URL',
    'KODEX_MCP_BEARER_TOKEN',
    'KODEX_QUALITY_GOVERNANCE_ENABLED',
    'KODEX_REPOSITORY_FULL_NAME',
    'KODEX_ISSUE_NUMBER',
    'KODEX_RUN_TRIGGER_KIND',
    'KODEX_RUN_TRIGGER_LABEL',
    'KODEX_DISCUSSION_MODE',
    'KODEX_RUN_TARGET_BRANCH',
    'KODEX_EXISTING_PR_NUMBER',
    'KODEX_AGENT_KEY',
    'KODEX_AGENT_MODEL',
    'KODEX_AGENT_REASONING_EFFORT',
    'KODEX_PROMPT_TEMPLATE_KIND',
    'KODEX_PROMPT_TEMPLATE_SOURCE',
    'KODEX_PROMPT_TEMPLATE_LOCALE',
    'KODEX_STATE_IN_REVIEW_LABEL',
    'KODEX_AGENT_BASE_BRANCH',
    'KODEX_OPENAI_API_KEY',
    'KODEX_CONTEXT7_API_KEY',
    'KODEX_AGENT_DISPLAY_NAME',
    'KODEX_GIT_BOT_TOKEN',
    'KODEX_GIT_BOT_USERNAME',
    'KODEX_GIT_BOT_MAIL',
  ],
  /** Env values that are credentials kodex hands the run (D2 looks for them everywhere else). */
  secretEnv: ['KODEX_MCP_BEARER_TOKEN', 'KODEX_OPENAI_API_KEY', 'KODEX_CONTEXT7_API_KEY', 'KODEX_GIT_BOT_TOKEN'],
} as const;

/** The worker settings a run Job is built from (KODEX_WORKER_JOB_COMMAND, _TTL_SECONDS, …). */
export interface RunJobSettings {
  command: string;
  ttlSeconds: number;
  activeDeadlineSeconds: number;
  backoffLimit: number;
  serviceAccount: string;
}
export const jobSettingsDefaults: RunJobSettings = {
  command: K8S.jobCommand,
  ttlSeconds: K8S.jobTtlSeconds,
  activeDeadlineSeconds: K8S.activeDeadlineSeconds,
  backoffLimit: K8S.backoffLimit,
  serviceAccount: 'codex-runner', // KODEX_WORKER_RUN_SERVICE_ACCOUNT, set on full-env runs
};

/**
 * agent_runs.agent_logs_json as kodex writes it: the agent-runner's session log snapshot (agent-runner
 * buildSessionLogJSON, sessionLogSnapshot v1) upserted by the control plane's agent callback; the staff API's
 * tail_lines are the non-empty lines of runtime.codex_exec_output then runtime.git_push_output (run_runtime.go).
 */
export interface AgentLogsSnapshot {
  version: 'v1';
  status: string;
  report: {
    summary: string;
    branch: string;
    pr_number: number;
    pr_url: string;
    session_id: string;
    model: string;
    reasoning_effort: string;
  };
  runtime: { target_branch: string; codex_exec_output?: string; git_push_output?: string; existing_pr_number?: number };
}
export function agentLogsTailLines(snapshot: Partial<AgentLogsSnapshot> | null | undefined, limit: number): string[] {
  const lines = [snapshot?.runtime?.codex_exec_output, snapshot?.runtime?.git_push_output].flatMap((raw) =>
    (raw ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return lines.slice(-limit);
}

const compactId = (id: string) =>
  id
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 12);

/** Full-env namespace: codex-issue-<proj12>-i<issue>-r<run12>, or codex-issue-run-<run12> without an issue. */
export function runNamespace(projectId: string, runId: string, issueNumber?: number | null): string {
  const name =
    issueNumber && issueNumber > 0
      ? `${K8S.namespacePrefix}-${compactId(projectId)}-i${issueNumber}-r${compactId(runId)}`
      : `${K8S.namespacePrefix}-run-${compactId(runId)}`;
  return name.slice(0, 63).replace(/-+$/, '');
}

export const LEARNING_FEEDBACK = {
  prefix: 'Learning mode is enabled for this run.',
  text: (status: string, namespace: string, job: string) =>
    'Learning mode is enabled for this run.\n\n' +
    'Why this is executed as a Kubernetes Job: it provides isolation, reproducibility and clear lifecycle states.\n' +
    'Why we use DB-backed slots: it prevents concurrent workers from overloading a project and makes multi-pod behavior deterministic.\n' +
    'Tradeoffs: Jobs are heavier than in-process execution; DB locking requires careful indexing and timeouts.\n\n' +
    `Result: status=${status}, job=${namespace}/${job}.`,
} as const;

export const STAFF_AUTH = {
  emailHeader: 'X-Auth-Request-Email',
  userHeader: 'X-Auth-Request-User',
  jwtCookie: 'kodex_staff_jwt',
  jwtIssuer: 'kodex',
  localeCookie: 'kodex_locale',
} as const;

/** Staff console texts (English locale) and routes. The real console has no data-testid. */
export const CONSOLE = {
  appTitle: 'kodex',
  documentTitle: (page: string) => `${page} · kodex`,
  routes: {
    projects: '/projects',
    runs: '/runs',
    users: '/users',
    run: (id: string) => `/runs/${id}`,
    repositories: (projectId: string) => `/projects/${projectId}/repositories`,
    members: (projectId: string) => `/projects/${projectId}/members`,
  },
  titles: {
    missionControl: 'Mission Control',
    projects: 'Projects',
    runs: 'Runs',
    runDetails: 'Run Details',
    users: 'Users',
    repositories: 'Project Repositories',
    members: 'Project Members',
    projectDetails: 'Project Details',
  },
  documentTitles: {
    missionControl: 'Mission Control',
    projects: 'Projects',
    runs: 'Runs',
    runDetails: 'Run details',
    users: 'Users',
    repositories: 'Project repositories',
    members: 'Project members',
    projectDetails: 'Project details',
    runtimeDeployTasks: 'Build & Deploy',
    waitQueue: 'Wait queue',
    approvals: 'Approvals',
    systemSettings: 'System settings',
  },
  runsColumns: ['Status', 'Project', 'Issue', 'PR', 'Trigger label', 'Started', 'Finished'],
  projectsColumns: ['Slug', 'Name', 'Role', 'Manage'],
  usersColumns: ['Email', 'GitHub', 'Admin'],
  accessRequired: 'Access required',
  loginWithGitHub: 'Login with GitHub',
  createProject: 'Create project',
  save: 'Save',
  attachRepository: 'Attach + Ensure Webhook',
  addAllowedUser: 'Add Allowed User',
  flowEvents: 'Flow Events',
  realtimeConnected: 'Realtime: connected',
  stopRun: 'Stop run',
  noRuns: 'No runs yet.',
  noProjects: 'No projects yet. Trigger a webhook run first.',
  details: 'Details',
  statusChipColor: {
    succeeded: 'success',
    failed: 'error',
    running: 'info',
    pending: 'warning',
    canceled: 'secondary',
  },
  // Texts of web-console/src/i18n/messages/en.ts the stand's console renders (keys in the comments).
  appSubtitle: 'staff console', // app.subtitle
  accessRequiredText:
    'This console is protected by GitHub OAuth. Ask your admin to allow your email before first login.',
  navGroups: { operations: 'Operations', projects: 'Project management', platform: 'Platform' }, // nav.*
  navItems: {
    missionControl: 'Mission Control',
    runs: 'Runs',
    runtimeDeployTasks: 'Build & Deploy',
    waitQueue: 'Wait queue',
    approvals: 'Approvals',
    projects: 'Projects',
    repositories: 'Repositories',
    members: 'Members',
    users: 'Users',
    systemSettings: 'System settings',
  },
  common: {
    back: 'Back',
    copy: 'Copy',
    refresh: 'Refresh',
    cancel: 'Cancel',
    delete: 'Delete',
    logout: 'Logout',
    createOrUpdate: 'Create / Update',
    loading: 'Loading...',
    admin: 'admin',
  },
  /** Vuetify's data table footer, in Vuetify's own en locale ($vuetify.dataFooter.*): kodex sets no Vuetify locale. */
  dataFooter: { firstPage: 'First page', nextPage: 'Next page' },
  states: {
    noUsers: 'No users.',
    noMembers: 'No members.',
    noRepos: 'No repositories attached yet.',
    noEvents: 'No events.',
  },
  projectsPage: {
    slug: 'Slug',
    name: 'Name',
    makeCurrent: 'Make current',
    repos: 'Repos',
    members: 'Members',
    editProject: 'Edit project',
  },
  runsPage: { waitQueue: 'Wait queue', pendingApprovals: 'Pending approvals' },
  runDetailsPage: {
    runId: 'run_id',
    correlation: 'correlation_id',
    namespace: 'namespace',
    project: 'Project',
    issue: 'Issue',
    pr: 'PR',
    triggerKind: 'Trigger kind',
    triggerLabel: 'Trigger label',
    waitState: 'wait_state',
    waitReason: 'wait_reason',
    agentKey: 'agent_key',
    realtime: 'Realtime',
    realtimeStates: { connecting: 'connecting', connected: 'connected', reconnecting: 'reconnecting' },
    stopRunConfirm: 'Cancel this run and stop related runtime artifacts?',
    runCanceled: 'run canceled',
    runAlreadyTerminal: 'run was already terminal',
  },
  usersPage: {
    email: 'Email',
    platformAdmin: 'Platform admin',
    yes: 'yes',
    no: 'no',
    hint: 'Registration is disabled. Adding an email here allows first GitHub OAuth login for that email.',
  },
  membersPage: {
    projectId: 'project_id',
    addTitle: 'Add Project Member',
    email: 'Email',
    role: 'Role',
    learningOverride: 'Learning override',
    inherit: 'inherit',
  },
  membersColumns: ['Email', 'Role', 'Learning override'],
  reposPage: {
    projectId: 'project_id',
    attachTitle: 'Attach GitHub Repository',
    owner: 'Owner',
    name: 'Name',
    servicesYamlPath: 'services.yaml path',
    repoToken: 'Repo token (stored encrypted in DB)',
  },
  reposColumns: ['Provider', 'Repo', 'services.yaml', 'Bot', 'Preflight updated'],
  roles: { read: 'read', read_write: 'read_write', admin: 'admin' },
  /** How the console shows a failed API call (web-console shared/api/errors.ts keyForHttp → en.ts errors.*). */
  errors: {
    unknown: 'Something went wrong.',
    network: 'Network error. Please try again.',
    unauthorized: 'Not authenticated.',
    forbidden: 'Forbidden.',
    emailNotAllowed: 'Your email is not allowed. Ask your admin to allow it.',
    invalidArgument: 'Invalid input.',
    conflict: 'Conflict.',
    failedPrecondition: 'The operation is not allowed for the task in its current state.',
    platformAdminRequired: 'Platform admin required.',
    platformOwnerRequired: 'Platform owner required.',
    cannotDeleteSelf: 'You cannot delete yourself.',
    cannotDeletePlatformAdmin: 'You cannot delete a platform admin.',
  },
} as const;

export const HEALTH = { alive: 'alive', ready: 'ok' } as const;

/** The repository hook kodex's EnsureWebhook keeps (libs/go/repo/provider/github/github.go, control-plane app.go). */
export const REPO_HOOK = {
  contentType: 'json',
  /** The events that create runs (§1); KODEX_GITHUB_WEBHOOK_EVENTS defaults to these plus pull_request_review_comment. */
  runEvents: ['issues', 'issue_comment', 'pull_request', 'pull_request_review', 'push'],
} as const;

/** The flow events that close a run's trail: one of them ends every run (§3). */
export const RUN_END_EVENTS: readonly string[] = [
  FLOW_EVENTS.runSucceeded,
  FLOW_EVENTS.runFailed,
  FLOW_EVENTS.runFailedJobNotFound,
  FLOW_EVENTS.runFailedLaunchError,
  FLOW_EVENTS.runCanceled,
];

/**
 * The once-only milestones of a run:dev full-env run's flow_events, in the order kodex writes them
 * (worker run_job_launch.go, service_queue_*.go). Other run.* events (run.mcp.token.issued,
 * run.status.comment.upserted, run.agent.*) interleave and may repeat. `oneOf` lists alternatives.
 */
export const RUN_AUDIT_TRAIL: readonly { oneOf: readonly string[]; required: boolean }[] = [
  { oneOf: [FLOW_EVENTS.webhookReceived], required: true },
  { oneOf: [FLOW_EVENTS.namespacePrepared], required: true },
  { oneOf: [FLOW_EVENTS.namespaceTtlScheduled, FLOW_EVENTS.namespaceTtlExtended], required: true },
  { oneOf: [FLOW_EVENTS.profileResolved], required: true },
  { oneOf: ['run.job.image.resolved'], required: false },
  { oneOf: [FLOW_EVENTS.runStarted], required: true },
  { oneOf: RUN_END_EVENTS, required: true },
];

/**
 * Relations the platform relies on but never declared as foreign keys (§2: agent_runs.agent_id), and the
 * ones it did declare, checked row by row whether or not the constraint exists on the target.
 */
export const DATA_RELATIONS: readonly {
  table: string;
  column: string;
  references: string;
  key: string;
  declared: boolean;
}[] = [
  { table: 'agent_runs', column: 'agent_id', references: 'agents', key: 'id', declared: false },
  { table: 'agent_runs', column: 'project_id', references: 'projects', key: 'id', declared: true },
  { table: 'slots', column: 'project_id', references: 'projects', key: 'id', declared: true },
  { table: 'learning_feedback', column: 'run_id', references: 'agent_runs', key: 'id', declared: true },
  { table: 'learning_feedback', column: 'repository_id', references: 'repositories', key: 'id', declared: true },
  { table: 'repositories', column: 'project_id', references: 'projects', key: 'id', declared: true },
  { table: 'project_members', column: 'project_id', references: 'projects', key: 'id', declared: true },
  { table: 'project_members', column: 'user_id', references: 'users', key: 'id', declared: true },
];
