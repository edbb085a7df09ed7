// Console texts (English). Mirrors CONSOLE in contract/kodex.ts verbatim: keep the two in step.
// Plain JS because the stand serves these files as-is (no bundler, no TS).

export const APP_TITLE = 'kodex';
export const documentTitle = (page) => `${page} · ${APP_TITLE}`;

export const TITLES = {
  missionControl: 'Mission Control', projects: 'Projects', runs: 'Runs', runDetails: 'Run Details',
  users: 'Users', repositories: 'Project Repositories', members: 'Project Members',
};

export const DOCUMENT_TITLES = {
  missionControl: 'Mission Control', projects: 'Projects', runs: 'Runs', runDetails: 'Run details',
  users: 'Users', repositories: 'Project repositories', members: 'Project members',
};

export const T = {
  accessRequired: 'Access required',
  accessRequiredText: 'This console is protected by GitHub OAuth. Ask your admin to allow your email before first login.',
  loginWithGitHub: 'Login with GitHub',
  createProject: 'Create project',
  save: 'Save',
  cancel: 'Cancel',
  delete: 'Delete',
  attachRepositoryTitle: 'Attach GitHub Repository',
  attachRepository: 'Attach + Ensure Webhook',
  addAllowedUser: 'Add Allowed User',
  flowEvents: 'Flow Events',
  stopRun: 'Stop run',
  stopRunConfirm: 'Cancel this run and stop related runtime artifacts?',
  noRuns: 'No runs yet.',
  noProjects: 'No projects yet. Trigger a webhook run first.',
  details: 'Details',
  waitQueue: 'Wait queue',
  pendingApprovals: 'Pending approvals',
  realtime: {
    connected: 'Realtime: connected',
    connecting: 'Realtime: connecting',
    reconnecting: 'Realtime: reconnecting',
  },
  jobNotFound: 'Job not found',
  runLogs: 'Run logs',
  loading: 'Loading…',
  logout: 'Logout',
};

export const RUNS_COLUMNS = ['Status', 'Project', 'Issue', 'PR', 'Trigger label', 'Started', 'Finished'];
export const PROJECTS_COLUMNS = ['Slug', 'Name', 'Role', 'Manage'];
export const USERS_COLUMNS = ['Email', 'GitHub', 'Admin'];

export const STATUS_CHIP_COLOR = {
  succeeded: 'success', failed: 'error', running: 'info', pending: 'warning', canceled: 'secondary',
};
export const TERMINAL_STATUSES = ['succeeded', 'failed', 'canceled'];
export const MEMBER_ROLES = ['read', 'read_write', 'admin'];

export const chipColor = (status) => STATUS_CHIP_COLOR[status] || 'secondary';
