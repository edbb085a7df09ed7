/**
 * `npm run doctor`: is this target ready for a gate run? Each check names what is missing and the runbook
 * step that sets it up (runbook/staging-setup.md). Read-only everywhere: nothing here writes.
 */
import { PATHS } from '../contract/kodex.js';
import { ConfigError, loadGateConfig, type GateConfig } from '../helpers/runner/config.js';
import { GateDb } from '../helpers/clients/db.js';

export interface Check {
  name: string;
  ok: boolean | 'skipped';
  detail: string;
  step?: number;
}

/** What the suite reads in the cluster (helpers/clients/kube.ts), cluster-wide; cleanup's namespace delete off production. */
const KUBE_READS = [
  ['list', 'batch', 'jobs'],
  ['watch', 'batch', 'jobs'],
  ['get', 'batch', 'jobs'],
  ['list', '', 'pods'],
  ['get', '', 'pods', 'log'],
  ['list', '', 'namespaces'],
] as const;

type Add = (name: string, step: number, fn: () => Promise<Omit<Check, 'name' | 'step'>>) => Promise<void>;

export async function runDoctor(env: NodeJS.ProcessEnv = process.env): Promise<{ target: string; checks: Check[] }> {
  let cfg: GateConfig;
  try {
    cfg = loadGateConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { target: env.GATE_TARGET ?? 'local', checks: configChecks(err) };
  }
  const checks: Check[] = [{ name: 'config', ok: true, detail: `valid for target ${cfg.target}` }];
  const add: Add = async (name, step, fn) => {
    try {
      checks.push({ name, step, ...(await fn()) });
    } catch (err) {
      checks.push({ name, step, ok: false, detail: networkError(err) });
    }
  };
  checks.push(...boundaryChecks(cfg));
  await gatewayChecks(cfg, add);
  const db = new GateDb(cfg.GATE_DATABASE_URL, cfg.target);
  try {
    await bindingChecks(cfg, db, await databaseChecks(cfg, db, add), add);
  } finally {
    await db.close();
  }
  await add('kubernetes', 5, () => kubeChecks(cfg));
  await add('github token', 3, () => githubCheck(cfg));
  checks.push({
    name: 'agent image',
    ok: 'skipped',
    step: 1,
    detail:
      "KODEX_WORKER_JOB_IMAGE is the kodex worker's setting; the gate's rights cannot read it. Check it by runbook step 1",
  });
  return { target: cfg.target, checks };
}

/** One check per bad variable, so the count at the end is the number of things to fix. */
function configChecks(err: ConfigError): Check[] {
  const bad = err.message.split('\n').filter((l) => l.startsWith('  - '));
  return (bad.length ? bad : [err.message]).map((line) => ({
    name: 'config',
    ok: false,
    detail: line.replace(/^ {2}- /, ''),
    step: 7,
  }));
}

/** The gateway's health and readiness paths answer. */
async function gatewayChecks(cfg: GateConfig, add: Add): Promise<void> {
  for (const path of [PATHS.healthz, PATHS.readyz]) {
    const url = new URL(path, cfg.GATE_BASE_URL).toString();
    await add(`gateway ${path}`, 7, async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) }).catch((e) => {
        throw new Error(`${url}: ${networkError(e)}`);
      });
      return { ok: res.ok, detail: `${url} answered ${res.status}` };
    });
  }
}

/** The database is reachable, and the gate's role has the rights it needs; true when connected. */
async function databaseChecks(cfg: GateConfig, db: GateDb, add: Add): Promise<boolean> {
  const dbAt = (() => {
    const u = new URL(cfg.GATE_DATABASE_URL);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  })();
  let connected = false;
  await add('database reachable', 4, async () => {
    try {
      await db.projectsWithSlugPrefix('kodex-gate-doctor-');
    } catch (err) {
      // A refused connection is not a missing grant: say which it is.
      const code = (err as { code?: string }).code ?? '';
      if (/^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|ECONNRESET)$/.test(code) || !/^\w{5}$/.test(code))
        throw new Error(`cannot connect to ${dbAt}: ${networkError(err)}`);
      connected = true;
      throw new Error(`connected to ${dbAt}, but reading projects failed: ${(err as Error).message}`);
    }
    connected = true;
    return { ok: true, detail: `connected to ${dbAt} and read projects` };
  });
  await add('database role rights', 4, async () => {
    if (!connected) return { ok: 'skipped', detail: 'needs a database connection' };
    if (cfg.target === 'production') {
      const refusal = await db.writeProbe();
      return {
        ok: refusal !== null,
        detail: refusal ? `sessions are read-only (${refusal})` : 'a production session could write',
      };
    }
    const missing = await db.missingPrivileges();
    return {
      ok: !missing.length,
      detail: missing.length ? `the role lacks: ${missing.join('; ')}` : 'reads, and the two named writes',
    };
  });
  return connected;
}

/** GATE_REPO is bound to a project, and GATE_SENDER_LOGIN may trigger runs in it. */
async function bindingChecks(cfg: GateConfig, db: GateDb, connected: boolean, add: Add): Promise<void> {
  let projectId: string | undefined;
  await add('repository bound to a project', 2, async () => {
    if (!connected) return { ok: 'skipped', detail: 'needs a database connection' };
    const [owner, name] = cfg.GATE_REPO.split('/');
    projectId = (await db.bindingOf(owner, name))?.project_id;
    return {
      ok: !!projectId,
      detail: projectId
        ? `${cfg.GATE_REPO} → project ${projectId}`
        : `${cfg.GATE_REPO} is not bound to any project (no repositories row)`,
    };
  });
  await add('sender may trigger runs', 3, async () => {
    if (!projectId) return { ok: 'skipped', detail: 'needs the repository binding' };
    const standing = await db.senderStanding(projectId, cfg.GATE_SENDER_LOGIN);
    const may = !!standing && (!!standing.platform || ['admin', 'read_write'].includes(standing.role ?? ''));
    return {
      ok: may,
      detail: !standing
        ? `no user has github_login ${cfg.GATE_SENDER_LOGIN}`
        : may
          ? `${cfg.GATE_SENDER_LOGIN}: ${standing.platform ?? standing.role}`
          : `${cfg.GATE_SENDER_LOGIN} is ${standing.role ? `a ${standing.role} member` : 'not a member'} of project ${projectId}; needs admin or read_write`,
    };
  });
}

/** A network error with its cause (fetch says only "fetch failed"): code, address, message. */
function networkError(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string }; code?: string };
  const cause = e.cause ? ` (${[e.cause.code, e.cause.message].filter(Boolean).join(': ')})` : '';
  return `${e.message}${cause}`;
}

/** W1 and B1 need the public ingress and the cluster API endpoints outside local; a waiver names why not. */
function boundaryChecks(cfg: GateConfig): Check[] {
  if (cfg.target === 'local') return [];
  const waived = cfg.boundaryWaiver?.scenarios ?? [];
  const one = (scenario: string, variable: string, set: boolean): Check => ({
    name: `${scenario} setting ${variable}`,
    step: 7,
    ok: set ? true : waived.includes(scenario) ? 'skipped' : false,
    detail: set
      ? 'set'
      : waived.includes(scenario)
        ? `not set; waived (GATE_BOUNDARY_WAIVER: ${cfg.boundaryWaiver?.reason})`
        : `not set: ${scenario} would fail "not checked" (set it, or waive ${scenario} with GATE_BOUNDARY_WAIVER)`,
  });
  return [
    one('W1', 'GATE_PUBLIC_URL', !!cfg.GATE_PUBLIC_URL),
    one('B1', 'GATE_KUBE_PUBLIC_ENDPOINTS', cfg.kubePublicEndpoints.length > 0),
  ];
}

async function kubeChecks(cfg: GateConfig): Promise<Omit<Check, 'name' | 'step'>> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(cfg.KUBECONFIG);
  const context = cfg.GATE_KUBE_CONTEXT ?? kc.getCurrentContext();
  if (!kc.getContextObject(context)) {
    return {
      ok: false,
      detail: `context "${context}" is not in ${cfg.KUBECONFIG} (it has: ${
        kc
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none'
      })`,
    };
  }
  kc.setCurrentContext(context);
  const version = await kc.makeApiClient(k8s.VersionApi).getCode();
  const authz = kc.makeApiClient(k8s.AuthorizationV1Api);
  type Wanted = { verb: string; group: string; resource: string; subresource?: string; namespace?: string };
  const wanted: Wanted[] = KUBE_READS.map(([verb, group, resource, subresource]) => ({
    verb,
    group,
    resource,
    subresource,
  }));
  // Cleanup deletes namespaces; R5 deletes a worker pod (deploy/35-worker-kill.yaml). Neither on production.
  if (cfg.target !== 'production')
    wanted.push(
      { verb: 'delete', group: '', resource: 'namespaces' },
      { verb: 'delete', group: '', resource: 'pods', namespace: cfg.workerNamespace },
    );
  const denied: string[] = [];
  for (const attrs of wanted) {
    const review = await authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: attrs } } });
    if (!review.status?.allowed)
      denied.push(
        `${attrs.verb} ${attrs.group || 'core'}/${attrs.resource}${attrs.subresource ? `/${attrs.subresource}` : ''}` +
          (attrs.namespace ? ` in ${attrs.namespace}` : ''),
      );
  }
  return {
    ok: !denied.length,
    detail:
      `context ${context} → ${kc.getCurrentCluster()?.server} (${version.gitVersion}); ` +
      (denied.length ? `RBAC denies: ${denied.join(', ')} (apply deploy/)` : 'RBAC allows what the suite reads'),
  };
}

async function githubCheck(cfg: GateConfig): Promise<Omit<Check, 'name' | 'step'>> {
  if (!cfg.GATE_GITHUB_TOKEN)
    return { ok: 'skipped', detail: 'GATE_GITHUB_TOKEN is not set; the GitHub checks of the suite are skipped' };
  const get = (path: string) => {
    const url = `${cfg.GATE_GITHUB_API_URL}/repos/${cfg.GATE_REPO}${path}`;
    return fetch(url, {
      headers: { authorization: `Bearer ${cfg.GATE_GITHUB_TOKEN}`, accept: 'application/vnd.github+json' },
      signal: AbortSignal.timeout(10_000),
    }).catch((e) => {
      throw new Error(`${url}: ${networkError(e)}`);
    });
  };
  const repo = await get('');
  if (!repo.ok)
    return {
      ok: false,
      detail: `GET /repos/${cfg.GATE_REPO} answered ${repo.status}: the token cannot read the repository`,
    };
  const hooks = await get('/hooks');
  if (!hooks.ok)
    return {
      ok: false,
      detail: `GET /repos/${cfg.GATE_REPO}/hooks answered ${hooks.status}: the token lacks hooks read (repository administration: read)`,
    };
  return {
    ok: true,
    detail: `reads ${cfg.GATE_REPO} and its hooks (issues write is not checked: it would need a write)`,
  };
}

export function formatReport({ target, checks }: { target: string; checks: Check[] }): string {
  const mark = (c: Check) => (c.ok === true ? 'ok  ' : c.ok === 'skipped' ? 'skip' : 'MISS');
  const lines = checks.map(
    (c) =>
      `  ${mark(c)} ${c.name.padEnd(30)} ${c.detail}${c.ok === false && c.step ? ` [runbook/staging-setup.md step ${c.step}]` : ''}`,
  );
  const missing = checks.filter((c) => c.ok === false).length;
  return [
    `kodex-gate doctor, target ${target}`,
    ...lines,
    missing ? `${missing} prerequisite(s) missing (each MISS line above is one)` : 'ready for a gate run',
  ].join('\n');
}
