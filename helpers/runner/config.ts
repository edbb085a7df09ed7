import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { K8S, PATHS, jobSettingsDefaults, type RunJobSettings } from '../../contract/kodex.js';
import { z } from 'zod';
import { STAND_FAULT_SWITCH, type StandSetting } from '../../contract/faults.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * Where a stand booted by the suite (or `npm run stand`) writes the environment it serves: STAND_ENV_FILE, else
 * `<STAND_DATA_DIR>/stand.env` (default `.stand/`), as the stand itself decides (stand/config.ts).
 * A rehearsal profile of the stand (STAND_PROFILE=staging or production: the runbook enacted) writes its own
 * (`<profile>.env`) and rehearses that target.
 */
const rehearsedTarget = (env: NodeJS.ProcessEnv) =>
  env.STAND_PROFILE === 'staging' || env.STAND_PROFILE === 'production' ? env.STAND_PROFILE : undefined;
export const standEnvFile = (env: NodeJS.ProcessEnv = process.env) =>
  path.resolve(
    ROOT,
    env.STAND_ENV_FILE || path.join(env.STAND_DATA_DIR ?? '.stand', `${rehearsedTarget(env) ?? 'stand'}.env`),
  );
export const STAND_ENV_FILE = standEnvFile();
const STAND_DEFAULT_PORT = 4780;

/** Run-level settings the reporter, teardown and merge read (not part of a target's configuration). */
export const runSettings = (env: NodeJS.ProcessEnv = process.env) => ({
  /** Where verdict.json, regression-report.md and the per-shard results go (GATE_REPORT_DIR). */
  reportDir: path.resolve(ROOT, env.GATE_REPORT_DIR ?? 'gate-report'),
  allureResultsDir: path.resolve(ROOT, env.GATE_ALLURE_RESULTS_DIR ?? 'allure-results'),
  /** Where the report keeps the gate's history between runs (.allure-history.jsonl, .gate-history.jsonl): CI keeps it. */
  historyDir: path.resolve(ROOT, env.GATE_HISTORY_DIR ?? '.'),
  /** The marker every object this run creates carries (set by playwright.config.ts). */
  runId: env.GATE_RUN_ID ?? 'kodex-gate-adhoc',
  suiteCommit: env.GITHUB_SHA ?? env.GATE_SUITE_COMMIT ?? null,
  target: env.GATE_TARGET ?? 'local',
  ci: !!env.CI,
  expectTimeoutMs: Number(env.GATE_EXPECT_TIMEOUT_MS ?? 10_000),
  chromiumPath: env.GATE_CHROMIUM_PATH || undefined,
  standPort: Number(env.STAND_PORT ?? STAND_DEFAULT_PORT),
  /**
   * The process id of the stand this run's webServer started (its STAND_STARTING line sets GATE_STAND_PID before
   * the workers fork); unset when the run reuses a running stand or targets anything else.
   */
  standPid: Number(env.GATE_STAND_PID) || undefined,
  platformVersion: env.GATE_PLATFORM_VERSION ?? 'unknown (kodex has no version endpoint)',
  /** GATE_RELEASE_SHA: the merge publishes the merged verdict there (the target's configuration validates it). */
  releaseSha: env.GATE_RELEASE_SHA || undefined,
  /** Files a bench run asks its measurements to write (unset outside `npm run bench` / `npm run flake`). */
  benchDetectionFile: env.BENCH_DETECTION_FILE || undefined,
  benchTimeline: env.BENCH_TIMELINE || undefined,
  /** The mutation check's plan for a child gate run against a stand with the fault switch (helpers/runner/child-gate.ts). */
  mutationPlan: parsePlan(env.GATE_MUTATION_PLAN),
});

/** GATE_MUTATION_PLAN: `{"R1": ["", "run-stuck-running"]}`, the fault per repeat of each scenario ("" = none). */
function parsePlan(raw: string | undefined): Record<string, string[]> | undefined {
  if (!raw) return undefined;
  try {
    const plan = JSON.parse(raw);
    if (Object.values(plan).every((v) => Array.isArray(v) && v.every((f) => typeof f === 'string'))) return plan;
  } catch {
    // reported below
  }
  throw new Error(`GATE_MUTATION_PLAN must be {"<scenario>": ["<fault or empty>", ...]}, got ${raw.slice(0, 200)}`);
}

/** The projects besides `gate` (the suite's own tests); each runs only when the command line asks for it. */
const TOOL_PROJECTS = ['selftest', 'stand', 'report', 'mutation'] as const;

/**
 * The tool projects this command line asks for: `--project=<name>` (or `--project <name>`), or a file filter
 * under `tests/<name>/`. Plain `npx playwright test` (and `-g "R2 "`) asks for none, so it runs the gate alone.
 * Decided in the runner process and handed to its workers (whose argv differs) through the environment.
 */
export function askedToolProjects(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Set<string> {
  const handed = /^(\d+):(.*)$/.exec(env.GATE_ASKED_PROJECTS ?? '');
  if (handed && Number(handed[1]) === process.ppid) return new Set(handed[2].split(',').filter(Boolean));
  const asked = new Set<string>();
  argv.forEach((arg, i) => {
    const named = arg.startsWith('--project=') ? arg.slice(10) : arg === '--project' ? argv[i + 1] : undefined;
    for (const name of TOOL_PROJECTS)
      if (named?.split(',').includes(name) || (!arg.startsWith('-') && arg.includes(`tests/${name}`))) asked.add(name);
  });
  env.GATE_ASKED_PROJECTS = `${process.pid}:${[...asked].join(',')}`;
  return asked;
}

/** What this run asks of the stand: its faults (STAND_FAULTS, else the stand.env it targets) and any STAND_* setting. */
export interface StandAsk {
  faults: string[];
  settings: Partial<Record<StandSetting, number>>;
}

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .sort();

export function standAsk(env: NodeJS.ProcessEnv = process.env): StandAsk {
  const settings: StandAsk['settings'] = {};
  for (const name of STAND_FAULT_SWITCH.settings) if (env[name]) settings[name] = Number(env[name]);
  return { faults: list(env.STAND_FAULTS ?? env.GATE_STAND_FAULTS), settings };
}

/** The environment a child process of the suite gets: this one (less the stand this run started), plus what the caller sets. */
export const childEnv = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  GATE_STAND_PID: undefined,
  ...extra,
});

export type Target = 'local' | 'staging' | 'production';

const url = z.string().url();
const nonEmpty = z.string().min(1);
const schema = z.object({
  GATE_TARGET: z.enum(['local', 'staging', 'production']),
  GATE_BASE_URL: url,
  GATE_PUBLIC_URL: url.optional(),
  /** The platform's KODEX_GITHUB_WEBHOOK_URL, the hook URL it registers on repositories (P2). */
  GATE_PLATFORM_WEBHOOK_URL: url.optional(),
  GATE_KUBE_PUBLIC_ENDPOINTS: z
    .string()
    .regex(/^([\w.-]+:\d+)(,[\w.-]+:\d+)*$/, 'must be host:port[,host:port…]')
    .optional(),
  GATE_WEBHOOK_SECRET: z.string().optional(),
  GATE_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  KUBECONFIG: nonEmpty.refine(
    (p) => p.split(path.delimiter).some((f) => existsSync(f)),
    'no kubeconfig file at that path',
  ),
  GATE_KUBE_CONTEXT: z.string().optional(),
  GATE_STAFF_AUTH: z.enum(['header', 'jwt', 'cookie']).default('header'),
  /** The staff session cookie (kodex_staff_jwt value, or name=value) for GATE_STAFF_AUTH=cookie. */
  GATE_STAFF_COOKIE: z.string().optional(),
  /** Comma-separated hosts, kube contexts and database hosts that only production has. */
  GATE_PRODUCTION_MARKERS: z.string().optional(),
  GATE_STAFF_EMAIL: z.string().email(),
  GATE_JWT_SIGNING_KEY: z.string().optional(),
  GATE_REPO: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
  GATE_SENDER_LOGIN: nonEmpty,
  GATE_GITHUB_API_URL: url.default('https://api.github.com'),
  GATE_GITHUB_TOKEN: z.string().optional(),
  /** The release commit the gate decides on: with GATE_GITHUB_TOKEN, the verdict is published on it as a check. */
  GATE_RELEASE_SHA: z
    .string()
    .regex(/^[0-9a-f]{40}$/, 'must be a full 40-character commit SHA')
    .optional(),
  /** Where CI publishes the report (linked from the check run). */
  GATE_REPORT_URL: url.optional(),
  GATE_TOKEN_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters')
    .optional(),
  GATE_OPENAPI_SPEC: z
    .string()
    .optional()
    .refine((p) => !p || existsSync(path.resolve(ROOT, p)), 'no file at that path'),
  GATE_RUN_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  GATE_SLOTS_PER_PROJECT: z.coerce.number().int().positive().optional(),
  GATE_WORKER_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes namespace name')
    .optional(),
  GATE_STAND_BOT_TOKEN: z.string().optional(),
  GATE_STAND_FAULTS: z.string().optional(),
  /** The stand's fault-switch token (STAND_FAULT_SWITCH=1 only); the mutation check switches faults with it. */
  GATE_STAND_ADMIN_TOKEN: z.string().optional(),
  GATE_ABSENCE_WINDOW_MS: z.coerce.number().int().positive().optional(),
  /** The target worker's KODEX_WORKER_JOB_* / KODEX_WORKER_RUN_SERVICE_ACCOUNT, when not kodex's defaults (R1). */
  GATE_WORKER_JOB_COMMAND: nonEmpty.optional(),
  GATE_WORKER_JOB_TTL_SECONDS: z.coerce.number().int().positive().optional(),
  GATE_WORKER_JOB_ACTIVE_DEADLINE_SECONDS: z.coerce.number().int().positive().optional(),
  GATE_WORKER_JOB_BACKOFF_LIMIT: z.coerce.number().int().nonnegative().optional(),
  GATE_WORKER_RUN_SERVICE_ACCOUNT: nonEmpty.optional(),
  /** D3 seeds ≥10k runs and ≥100k flow events in a throwaway project: on by default on the stand, opt-in on staging. */
  GATE_SEED_VOLUME: z.enum(['true', 'false']).optional(),
  GATE_BOUNDARY_WAIVER: z
    .string()
    .regex(/^[A-Z]\d+(,[A-Z]\d+)*:\s*\S.{9,}$/, 'must be "W1,B1: reason (10+ characters)"')
    .optional(),
});

type Issue = [variable: string, message: string];
type RawEnv = Record<string, string | undefined>;

/**
 * Rules across variables, per target. Checked on the raw values, so they are reported together with
 * the schema's problems (a zod refinement would not run while a required variable is missing).
 */
function targetRules(c: RawEnv): Issue[] {
  const issues: Issue[] = [];
  const issue = (variable: string, message: string) => issues.push([variable, message]);
  const target = c.GATE_TARGET;
  const staffAuth = c.GATE_STAFF_AUTH ?? 'header';
  if (c.GATE_RELEASE_SHA && !c.GATE_GITHUB_TOKEN)
    issue('GATE_GITHUB_TOKEN', 'is required with GATE_RELEASE_SHA (the verdict is published on that commit)');
  if (staffAuth === 'jwt' && !c.GATE_JWT_SIGNING_KEY)
    issue('GATE_JWT_SIGNING_KEY', 'is required when GATE_STAFF_AUTH=jwt');
  if (staffAuth === 'cookie' && !c.GATE_STAFF_COOKIE)
    issue('GATE_STAFF_COOKIE', 'is required when GATE_STAFF_AUTH=cookie');
  if (target !== 'local' && !c.GATE_KUBE_CONTEXT) {
    issue(
      'GATE_KUBE_CONTEXT',
      `is not set; it is required for target ${target} (the kubeconfig's current context must never decide silently)`,
    );
  }
  const missingContext = kubeContextProblem(c.KUBECONFIG, c.GATE_KUBE_CONTEXT);
  if (missingContext) issue('GATE_KUBE_CONTEXT', missingContext);
  if (target !== 'local' && c.GATE_STAND_ADMIN_TOKEN)
    issue('GATE_STAND_ADMIN_TOKEN', `is the local stand's fault switch and is refused on target ${target}`);
  if (target === 'production') {
    if (c.GATE_SEED_VOLUME === 'true')
      issue('GATE_SEED_VOLUME', 'is refused on production (it writes a seeded volume)');
    // Production runs only @readonly tests: nothing that can write may be needed, or even present.
    if (c.GATE_WEBHOOK_SECRET)
      issue('GATE_WEBHOOK_SECRET', 'must not be set on production (it can start runs; production fires no webhooks)');
    if (c.GATE_JWT_SIGNING_KEY)
      issue(
        'GATE_JWT_SIGNING_KEY',
        'must not be set on production (it mints any staff identity); use GATE_STAFF_AUTH=cookie or header',
      );
    if (staffAuth === 'jwt') issue('GATE_STAFF_AUTH', 'jwt is refused on production; use cookie or header');
  } else {
    if (!c.GATE_WEBHOOK_SECRET) issue('GATE_WEBHOOK_SECRET', 'is not set');
    for (const [variable, what, value] of touchedNames(c)) {
      const marker = productionMarkers(c.GATE_PRODUCTION_MARKERS).find((m) => matchesMarker(value, m));
      if (marker)
        issue(
          variable,
          `${what} "${value}" matches production marker "${marker}"; a ${target} run refuses to touch it`,
        );
    }
  }
  return issues;
}

/** A context the kubeconfig does not have fails every Kubernetes call later ("No active cluster!"): say so once, here. */
function kubeContextProblem(kubeconfig?: string, context?: string): string | undefined {
  if (!kubeconfig || !context) return undefined;
  const files = kubeconfig.split(path.delimiter).filter((f) => f && existsSync(f));
  if (!files.length) return undefined; // KUBECONFIG's own check names the missing file
  const names = files.flatMap((f) => {
    try {
      const doc = parseYaml(readFileSync(f, 'utf8')) as { contexts?: { name?: string }[] } | null;
      return (doc?.contexts ?? []).map((x) => x.name ?? '');
    } catch {
      return [];
    }
  });
  if (names.includes(context)) return undefined;
  return `context "${context}" is not in the kubeconfig (${files.join(path.delimiter)}); it has: ${names.filter(Boolean).join(', ') || 'no contexts'}`;
}

const productionMarkers = (raw?: string) =>
  (raw ?? '')
    .split(',')
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
/** A marker matches a name equal to it, or a host under it (marker "prod.example" matches "db.prod.example"). */
const matchesMarker = (value: string, marker: string) =>
  value.toLowerCase() === marker || value.toLowerCase().endsWith(`.${marker}`);
const hostOf = (u?: string) => {
  try {
    return u ? new URL(u).hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
};

/** The hosts and contexts a run would reach: [variable, what, value]. */
function touchedNames(c: RawEnv): [string, string, string][] {
  const names: [string, string, string | undefined][] = [
    ['GATE_BASE_URL', 'host', hostOf(c.GATE_BASE_URL)],
    ['GATE_PUBLIC_URL', 'host', hostOf(c.GATE_PUBLIC_URL)],
    ['GATE_KUBE_CONTEXT', 'kube context', c.GATE_KUBE_CONTEXT],
    ['GATE_DATABASE_URL', 'database host', hostOf(c.GATE_DATABASE_URL)],
  ];
  return names.filter((n): n is [string, string, string] => !!n[2]);
}

export type GateConfig = Omit<z.infer<typeof schema>, 'GATE_WEBHOOK_SECRET'> & {
  /** Throws on production, which has none (reading it there is a bug in the caller). */
  readonly GATE_WEBHOOK_SECRET: string;
  target: Target;
  /** The public ingress (oauth2-proxy in front); W1 and B1 probe the boundary there. */
  publicUrl: string;
  /** The URL the platform registers as its repositories' webhook (KODEX_GITHUB_WEBHOOK_URL); default: the public URL + the webhook path. */
  platformWebhookUrl: string;
  /** host:port endpoints where a cluster API must NOT answer from outside (B1). */
  kubePublicEndpoints: string[];
  runTimeoutMs: number;
  /** How long "nothing was created" must hold: a worker poll interval plus the Job creation time. */
  absenceWindowMs: number;
  /** The Jobs' ttlSecondsAfterFinished the platform sets (GATE_WORKER_JOB_TTL_SECONDS, kodex's default 600). */
  jobTtlSeconds: number;
  /** Where kodex's worker pods run (KODEX_WORKER_POD_NAMESPACE); R5 deletes the one holding a run's lease. */
  workerNamespace: string;
  /** Slots per project when the project's settings name none (kodex: KODEX_WORKER_SLOTS_PER_PROJECT, 2). */
  slotsPerProject: number;
  /** The worker settings run Jobs are built from (GATE_WORKER_JOB_*; kodex's defaults when unset). */
  runJob: RunJobSettings;
  /** Whether D3 may seed a realistic volume before profiling (GATE_SEED_VOLUME). */
  seedVolume: boolean;
  /** Security-boundary scenarios allowed to run without their settings, and why (GATE_BOUNDARY_WAIVER). */
  boundaryWaiver?: { scenarios: string[]; reason: string };
  /** Values that must never appear in an artifact. */
  secrets: string[];
};

export class ConfigError extends Error {}

/** Reads .env (never overriding the real environment) and decides the target. */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): { target: Target; bootsStand: boolean } {
  dotenv.config({ path: path.join(ROOT, '.env'), quiet: true } as any);
  // STAND_PROFILE=staging (or production) with nothing configured: the suite boots the stand's rehearsal of that
  // target and targets it as such.
  const rehearsal = env.GATE_BASE_URL ? undefined : rehearsedTarget(env);
  const raw = env.GATE_TARGET ?? rehearsal ?? 'local';
  if (!['local', 'staging', 'production'].includes(raw)) {
    throw new ConfigError(`GATE_TARGET: must be local, staging or production, got "${raw}"`);
  }
  const target = raw as Target;
  return { target, bootsStand: !env.GATE_BASE_URL && (target === 'local' || target === rehearsal) };
}

/** The environment the config is read from: on a booted stand, the stand's own env under the real one. */
function mergedEnv(env: NodeJS.ProcessEnv, target: Target, bootsStand: boolean): NodeJS.ProcessEnv {
  if (!bootsStand) return { ...env, GATE_TARGET: target };
  const file = standEnvFile(env);
  if (!existsSync(file)) throw new ConfigError(`local stand: ${file} is missing (is the stand running?)`);
  return { ...readStandEnv(env), ...env, GATE_TARGET: target };
}

type Parsed = z.infer<typeof schema>;

/** The schema's verdict on every variable, and the target's own rules, as one message naming each variable. */
function validated(merged: NodeJS.ProcessEnv, target: Target): Parsed {
  const parsed = schema.safeParse(merged);
  const problems: Issue[] = [
    ...(parsed.error?.issues ?? []).map((i): Issue => [
      String(i.path[0]),
      merged[String(i.path[0])] === undefined ? 'is not set' : i.message,
    ]),
    ...targetRules(merged),
  ];
  if (problems.length || !parsed.success) {
    const lines = problems.map(([variable, message]) => `  - ${variable}: ${message}`);
    throw new ConfigError(
      `kodex-gate configuration for target "${target}" is invalid:\n${lines.join('\n')}\nSee .env.example.`,
    );
  }
  return parsed.data;
}

/** The target's timings: what is not configured, by the target's default. */
function timings(c: Parsed, local: boolean) {
  return {
    runTimeoutMs: c.GATE_RUN_TIMEOUT_MS ?? (local ? 30_000 : 300_000),
    // kodex's worker polls every 5 s by default; the stand's ticks when woken (at least every STAND_WORKER_POLL_MS).
    absenceWindowMs: c.GATE_ABSENCE_WINDOW_MS ?? (local ? 1_500 : 10_000),
  };
}

/** The target worker's run Job settings, kodex's defaults where not configured. */
function runJobSettings(c: Parsed): RunJobSettings {
  return {
    command: c.GATE_WORKER_JOB_COMMAND ?? jobSettingsDefaults.command,
    ttlSeconds: c.GATE_WORKER_JOB_TTL_SECONDS ?? jobSettingsDefaults.ttlSeconds,
    activeDeadlineSeconds: c.GATE_WORKER_JOB_ACTIVE_DEADLINE_SECONDS ?? jobSettingsDefaults.activeDeadlineSeconds,
    backoffLimit: c.GATE_WORKER_JOB_BACKOFF_LIMIT ?? jobSettingsDefaults.backoffLimit,
    serviceAccount: c.GATE_WORKER_RUN_SERVICE_ACCOUNT ?? jobSettingsDefaults.serviceAccount,
  };
}

/** The configured secret values (8 characters or more) that must never reach an artifact, the database password too. */
function knownSecrets(c: Parsed): string[] {
  const dbPassword = (() => {
    try {
      return decodeURIComponent(new URL(c.GATE_DATABASE_URL).password);
    } catch {
      return '';
    }
  })();
  return [
    c.GATE_WEBHOOK_SECRET,
    c.GATE_JWT_SIGNING_KEY,
    c.GATE_STAFF_COOKIE,
    c.GATE_GITHUB_TOKEN,
    c.GATE_TOKEN_ENCRYPTION_KEY,
    c.GATE_STAND_BOT_TOKEN,
    c.GATE_STAND_ADMIN_TOKEN,
    dbPassword,
  ].filter((s): s is string => !!s && s.length >= 8);
}

/** Validates everything at once and reports every problem in one message, naming each variable. */
export function loadGateConfig(env: NodeJS.ProcessEnv = process.env): GateConfig {
  const { target, bootsStand } = targetFromEnv(env);
  const c = validated(mergedEnv(env, target, bootsStand), target);
  const local = target === 'local';
  const { GATE_WEBHOOK_SECRET: webhookSecret, ...rest } = c;
  const config: Omit<GateConfig, 'GATE_WEBHOOK_SECRET'> = {
    ...rest,
    target,
    publicUrl: c.GATE_PUBLIC_URL ?? c.GATE_BASE_URL,
    platformWebhookUrl:
      c.GATE_PLATFORM_WEBHOOK_URL ?? new URL(PATHS.webhook, c.GATE_PUBLIC_URL ?? c.GATE_BASE_URL).toString(),
    kubePublicEndpoints: c.GATE_KUBE_PUBLIC_ENDPOINTS ? c.GATE_KUBE_PUBLIC_ENDPOINTS.split(',') : [],
    ...timings(c, local),
    seedVolume: local ? c.GATE_SEED_VOLUME !== 'false' : c.GATE_SEED_VOLUME === 'true',
    boundaryWaiver: parseWaiver(c.GATE_BOUNDARY_WAIVER),
    slotsPerProject: c.GATE_SLOTS_PER_PROJECT ?? 2,
    runJob: runJobSettings(c),
    jobTtlSeconds: c.GATE_WORKER_JOB_TTL_SECONDS ?? jobSettingsDefaults.ttlSeconds,
    workerNamespace: c.GATE_WORKER_NAMESPACE ?? K8S.codeOnlyNamespace,
    secrets: knownSecrets(c),
  };
  // Not enumerable: a spread or a JSON dump of the config never carries it, nor trips the production throw.
  return Object.defineProperty(config, 'GATE_WEBHOOK_SECRET', {
    enumerable: false,
    get: () => {
      if (!webhookSecret)
        throw new ConfigError(`GATE_WEBHOOK_SECRET: target ${target} has none (production fires no webhooks)`);
      return webhookSecret;
    },
  }) as GateConfig;
}

/** A real PostgreSQL for selftests that need one (default: the machine's, trust auth). */
export const selftestDatabaseUrl = (env: NodeJS.ProcessEnv = process.env) =>
  env.GATE_SELFTEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The environment a running local stand serves (its .stand/stand.env), for tests that point tools at it. */
export const readStandEnv = (env: NodeJS.ProcessEnv = process.env): Record<string, string> =>
  dotenv.parse(readFileSync(standEnvFile(env)));

/** Fixes this run's id and suite commit in the environment the workers inherit (once, in playwright.config.ts). */
export function startRun(suiteCommit: () => string): void {
  process.env.GATE_RUN_ID ??= `kodex-gate-${Date.now().toString(36)}`;
  process.env.GATE_SUITE_COMMIT ??= suiteCommit();
}

function parseWaiver(raw: string | undefined): GateConfig['boundaryWaiver'] {
  if (!raw) return undefined;
  const [ids, ...reason] = raw.split(':');
  return { scenarios: ids.split(',').map((s) => s.trim()), reason: reason.join(':').trim() };
}
