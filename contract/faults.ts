/**
 * Fault switches (STAND_FAULTS=a,b). Each breaks one promise of the kodex contract the way a real
 * regression would; `scenarios` names the gate scenarios that must turn red under it (the mutation
 * check proves they do). stand/README.md renders this catalog.
 */
export interface FaultSpec {
  /** The promise of the contract this fault breaks, the way a real regression would. */
  breaks: string;
  /** The gate scenarios (regression-matrix.md IDs) that must turn red under it. */
  scenarios: readonly string[];
  /**
   * A regular expression (source) the failing scenario's first error message must match: a kill counts
   * only when the scenario fails for this reason, never for a timeout, a crash or a broken world.
   */
  failsWith: string;
  /**
   * It leaves traces a switch back cannot undo (rows other scenarios audit): the mutation check gives it a stand
   * of its own, so it can never turn a later scenario red and pass for that scenario's fault.
   */
  outlivesSwitch?: boolean;
}

export const FAULT_CATALOG = {
  'webhook-behind-oauth': {
    breaks: 'the webhook path redirects to the OAuth login like the rest of the console',
    scenarios: ['W1'],
    failsWith:
      'no redirect to an OAuth login|a JSON answer from the gateway, not a login page|refused by the gateway, not by OAuth',
  },
  'signature-unchecked': {
    breaks: 'X-Hub-Signature-256 is not verified: any signature, or none, is accepted',
    scenarios: ['W2'],
    failsWith: 'signature "[\\w-]+" is refused with 401',
  },
  'correlation-not-delivery': {
    breaks: 'runs get a random correlation_id instead of the X-GitHub-Delivery id',
    scenarios: ['W3'],
    failsWith:
      '202 for the first delivery, with its run|toMatchObject[\\s\\S]*correlation_id|an agent_runs row whose correlation_id is the delivery id',
  },
  'unsigned-run-created-anyway': {
    breaks:
      'a delivery refused with 401 is still ingested in the background a moment later: a run appears after the answer',
    scenarios: ['W2'],
    failsWith: 'appeared after a refused delivery',
  },
  'sender-check-skipped': {
    breaks: 'the webhook does not check who sent it: non-members, read-only members and bots start runs',
    scenarios: ['W5'],
    failsWith: 'kodex.s ignore reason for|no run for',
  },
  'replay-creates-run': {
    breaks: 'a replayed delivery creates a second run and Job instead of answering duplicate',
    scenarios: ['W4'],
    failsWith: '200 for a replay',
  },
  'run-stuck-running': {
    breaks: 'the worker never reconciles finished Jobs: runs stay running',
    scenarios: ['R1'],
    failsWith: 'did not reach "succeeded" within \\d+ ms; last seen: running',
  },
  'flow-events-missing': {
    breaks: 'the worker writes no run.started / run.succeeded / run.failed flow events',
    scenarios: ['R1'],
    failsWith: 'flow event run\\.succeeded is written',
  },
  'job-missing-run-label': {
    breaks: 'Jobs are created without the kodex.works/run-id label',
    scenarios: ['R1'],
    failsWith: 'one Job labelled kodex\\.works/run-id=',
  },
  'job-without-repo-cache': {
    breaks: 'the launcher mounts no kodex-repo-cache volume at /workspace into the run pod',
    scenarios: ['R1'],
    failsWith: 'pod volume repo-cache: expected',
  },
  'job-env-incomplete': {
    breaks: "the run container lacks some of kodex's env (the MCP base URL and bearer token, the model settings)",
    scenarios: ['R1'],
    failsWith: 'container env: missing KODEX_MCP_BASE_URL, KODEX_MCP_BEARER_TOKEN',
  },
  'job-settings-ignored': {
    breaks:
      "the launcher hard-codes the Job's TTL and drops the run service account instead of using the worker settings",
    scenarios: ['R1'],
    failsWith: 'spec\\.ttlSecondsAfterFinished \\(KODEX_WORKER_JOB_TTL_SECONDS\\): expected',
  },
  'failed-job-succeeds': {
    breaks: 'a failed Job is recorded as a succeeded run',
    scenarios: ['R2'],
    failsWith: 'ended "succeeded" while "failed" was awaited',
  },
  'slot-never-freed': {
    breaks: 'finishing a run leaves its slot leased',
    scenarios: ['R3'],
    failsWith: 'the slot the run held is free again|no slot still leased by the finished run',
  },
  'double-claim': {
    breaks: 'workers claim runs without SKIP LOCKED and steal live leases: one run is started twice',
    scenarios: ['R3', 'N1'],
    // N1 says it outright, or its slot watch first sees the stolen run's second slot; so does R3.
    failsWith:
      'claimed and started once|exactly one slot leased by the running run|running runs without exactly one leased slot',
  },
  'staff-run-status-stale': {
    breaks: 'GET /api/v1/staff/runs/{id} reports a finished run as still running',
    scenarios: ['R1'],
    failsWith: 'the staff API GET /runs/\\{id\\} reports the status the database holds',
  },
  'failed-run-keeps-slot': {
    breaks: 'a run that fails keeps its slot leased (only succeeded runs release theirs)',
    scenarios: ['R2'],
    failsWith: 'the failed run released its slot',
  },
  'slot-released-not-free': {
    breaks: "finishing a run clears the slot's lease_owner but leaves it in state releasing, never free",
    scenarios: ['R3'],
    failsWith: 'the slot the run held is free again',
  },
  'allowlist-bypassed': {
    breaks: 'an email that is not on the allowlist is let in as a staff user',
    scenarios: ['A1'],
    failsWith: 'an email outside the allowlist gets 403',
  },
  'users-page-broken': {
    breaks: 'GET /api/v1/staff/users fails with 500, so the Users page cannot load',
    scenarios: ['U1'],
    failsWith: 'is listed on Users|the "Users" page header',
  },
  'console-status-stale': {
    breaks: 'the runs realtime socket sends one snapshot and never updates',
    scenarios: ['C1'],
    failsWith: 'the new run appears in /runs without a reload|the Runs status chip turns succeeded live',
  },
  'staff-route-anonymous': {
    breaks: 'a staff data route (GET /api/v1/staff/projects) answers a caller without credentials',
    scenarios: ['A1'],
    failsWith: 'anonymous GET .*staff/projects gets 401',
  },
  'console-admin-guard-off': {
    breaks: "the console's adminOnly route guard is off: a non-admin reaches /users",
    scenarios: ['U1'],
    failsWith: 'a non-admin is sent away from /users',
  },
  'console-details-stale': {
    breaks: 'the run details realtime socket sends one snapshot and never updates',
    scenarios: ['C1'],
    failsWith: 'Run Details turns succeeded live',
  },
  'console-create-project-noop': {
    breaks: "the console's Create project dialog closes on Save without creating the project",
    scenarios: ['P1'],
    failsWith: 'the new project is listed',
  },
  'console-failed-as-succeeded': {
    breaks: 'the console shows a failed run as succeeded',
    scenarios: ['R2'],
    failsWith: 'shows the run as failed[\\s\\S]*Received: "succeeded"',
  },
  'kube-api-public': {
    breaks: 'the gateway proxies the Kubernetes API on the public base URL',
    scenarios: ['B1'],
    failsWith: 'must not answer as a Kubernetes API',
  },
  'learning-feedback-missing': {
    breaks: 'runs in learning mode end without a learning_feedback row',
    scenarios: ['P3'],
    failsWith: 'learning feedback is written',
  },
  'learning-feedback-wrong-job': {
    breaks: "the learning feedback names another Job than the run's (database trigger)",
    scenarios: ['P3'],
    failsWith: "names this run's Job",
  },
  'token-plaintext': {
    breaks: 'repository tokens are stored in plain text in repositories.token_encrypted',
    scenarios: ['P2'],
    failsWith: 'not stored in plain text',
  },
  'secret-in-flow-events': {
    breaks: 'the worker copies the Job env (with the bot token) into the run.started payload',
    scenarios: ['D2'],
    failsWith: 'secrets or credential-shaped strings',
  },
  'mcp-token-in-agent-logs': {
    breaks:
      "the run's MCP bearer token (a JWT kodex issues itself) is written into agent_logs_json and served as log lines",
    scenarios: ['D2'],
    failsWith: 'agent_runs\\.agent_logs_json: JWT-shaped string',
  },
  'orphan-rows': {
    breaks: 'deleting a project leaves its run flow_events behind (orphan rows)',
    scenarios: ['D4'],
    failsWith: 'run\\.\\* flow events went with the project',
    outlivesSwitch: true,
  },
  'orphan-flow-event': {
    breaks: 'a run.* flow event is left whose run does not exist: one at boot, one more per run (database trigger)',
    scenarios: ['D1'],
    failsWith: 'run\\.\\* flow events without their run',
    outlivesSwitch: true,
  },
  'running-run-without-slot': {
    breaks: 'a run is running without a leased slot (a claim that skipped the lease): one at boot',
    scenarios: ['D1'],
    failsWith: 'running runs without exactly one leased slot of their project',
  },
  'slot-lease-skipped': {
    breaks: 'the claim starts a run without leasing a slot, one per project at a time (even when none is free)',
    scenarios: ['N1'],
    failsWith: 'projects with more running runs than slots|running runs without exactly one leased slot',
  },
  'missing-index': {
    breaks: 'the events-by-correlation index (idx_flow_events_correlation_created_at) is dropped at boot',
    scenarios: ['D3'],
    failsWith: 'sequential scan',
  },
  'flow-event-duplicated': {
    breaks: 'run.started is written twice for one run (database trigger)',
    scenarios: ['E1'],
    failsWith: 'written more than once',
  },
  'run-access-unchecked': {
    breaks:
      "a run, its events, logs and learning feedback are served to a staff member who is not in the run's project (resolveRunAccess skips the membership)",
    scenarios: ['A2'],
    failsWith: 'not in the run.s project gets 403',
  },
  'realtime-access-unchecked': {
    breaks: "the run realtime socket streams a run to a staff member who is not in the run's project",
    scenarios: ['A2'],
    failsWith: 'the run realtime socket refuses',
  },
  'read-member-cancels': {
    breaks: 'a read member may cancel a run (requireRunWriteAccess does not check the role)',
    scenarios: ['A2'],
    failsWith: 'a read member may not cancel',
  },
  'sender-membership-unchecked': {
    breaks: 'a known user who is not a member of the project starts runs (sender_not_project_member is never given)',
    scenarios: ['W5'],
    failsWith: 'for a known non-member',
  },
  'cancel-leaves-job': {
    breaks: 'a staff cancel marks the run canceled but leaves its Job running',
    scenarios: ['R4'],
    failsWith: 'the canceled run.s Job is gone',
  },
  'cancel-keeps-slot': {
    breaks: "a staff cancel leaves the run's slot leased",
    scenarios: ['R4'],
    failsWith: 'the canceled run released its slot',
  },
  'stale-lease-never-reclaimed': {
    breaks:
      'a run whose worker died keeps its lease until the run lease TTL (45 min): no worker reclaims it when the worker is gone',
    scenarios: ['R5'],
    failsWith: 'another worker reclaims the run',
  },
  'stale-run-requeued': {
    breaks: 'a run whose worker died is put back to pending and launched a second time instead of being reclaimed',
    scenarios: ['R5'],
    failsWith: 'started once|another worker reclaims the run',
  },
} as const satisfies Record<string, FaultSpec>;

export type FaultName = keyof typeof FAULT_CATALOG;

/**
 * The stand's fault switch (stand/fault-switch.ts): GET reports the faults and settings a running stand has;
 * PUT `{ faults: [...] }` switches them without a new stand, only when the stand was started with
 * STAND_FAULT_SWITCH=1 and only with its admin token. Only the stand serves this path; kodex has none.
 */
export const STAND_FAULT_SWITCH = {
  path: '/__stand/faults',
  /** The stand settings a run can ask for, by variable: a reused stand must have the asked values. */
  settings: [
    'STAND_WORKERS',
    'STAND_WORKER_POLL_MS',
    'STAND_REALTIME_MS',
    'STAND_JOB_PENDING_MS',
    'STAND_JOB_RUN_MS',
    'STAND_SLOTS_PER_PROJECT',
  ],
} as const;
export type StandSetting = (typeof STAND_FAULT_SWITCH.settings)[number];
export interface StandFaultState {
  faults: string[];
  settings: Record<StandSetting, number>;
  switchable: boolean;
}
