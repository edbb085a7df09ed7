import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { z } from 'zod';
import { K8S } from '../../contract/kodex.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where a stand booted by the suite (or `npm run stand`) writes the environment it serves. */
export const STAND_ENV_FILE = path.join(ROOT, '.stand', 'stand.env');
export const STAND_DEFAULT_PORT = 4780;

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
  platformVersion: env.GATE_PLATFORM_VERSION ?? 'unknown (kodex has no version endpoint)',
  /** Files a bench run asks its measurements to write (unset outside `npm run bench` / `npm run flake`). */
  benchDetectionFile: env.BENCH_DETECTION_FILE || undefined,
  benchTimeline: env.BENCH_TIMELINE || undefined,
});

/** The environment a child process of the suite gets: this one, plus what the caller sets. */
export const childEnv = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  ...extra,
});

export type Target = 'local' | 'staging' | 'production';

const url = z.string().url();
const nonEmpty = z.string().min(1);
const schema = z.object({
  GATE_TARGET: z.enum(['local', 'staging', 'production']),
  GATE_BASE_URL: url,
  GATE_PUBLIC_URL: url.optional(),
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
  GATE_SLOW_RUN_MS: z.coerce.number().int().positive().optional(),
  GATE_WORKER_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes namespace name')
    .optional(),
  GATE_STAND_BOT_TOKEN: z.string().optional(),
  GATE_STAND_FAULTS: z.string().optional(),
  GATE_ABSENCE_WINDOW_MS: z.coerce.number().int().positive().optional(),
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
  /** host:port endpoints where a cluster API must NOT answer from outside (B1). */
  kubePublicEndpoints: string[];
  runTimeoutMs: number;
  /** How long "nothing was created" must hold: a worker poll interval plus the Job creation time. */
  absenceWindowMs: number;
  /** How long a scenario asks the gate agent to run when it must watch a run while it is running (R3). */
  slowRunMs: number;
  /** Where kodex's worker pods run (KODEX_WORKER_POD_NAMESPACE); R5 deletes the one holding a run's lease. */
  workerNamespace: string;
  /** Slots per project when the project's settings name none (kodex: KODEX_WORKER_SLOTS_PER_PROJECT, 2). */
  slotsPerProject: number;
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
  const raw = env.GATE_TARGET ?? 'local';
  if (!['local', 'staging', 'production'].includes(raw)) {
    throw new ConfigError(`GATE_TARGET: must be local, staging or production, got "${raw}"`);
  }
  const target = raw as Target;
  return { target, bootsStand: target === 'local' && !env.GATE_BASE_URL };
}

/** Validates everything at once and reports every problem in one message, naming each variable. */
export function loadGateConfig(env: NodeJS.ProcessEnv = process.env): GateConfig {
  const { target, bootsStand } = targetFromEnv(env);
  let merged: NodeJS.ProcessEnv = { ...env, GATE_TARGET: target };
  if (bootsStand) {
    if (!existsSync(STAND_ENV_FILE))
      throw new ConfigError(`local stand: ${STAND_ENV_FILE} is missing (is the stand running?)`);
    merged = { ...readStandEnv(), ...env, GATE_TARGET: target };
  }
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
  const c = parsed.data;
  const dbPassword = (() => {
    try {
      return decodeURIComponent(new URL(c.GATE_DATABASE_URL).password);
    } catch {
      return '';
    }
  })();
  const local = target === 'local';
  const { GATE_WEBHOOK_SECRET: webhookSecret, ...rest } = c;
  const config: Omit<GateConfig, 'GATE_WEBHOOK_SECRET'> = {
    ...rest,
    target,
    publicUrl: c.GATE_PUBLIC_URL ?? c.GATE_BASE_URL,
    kubePublicEndpoints: c.GATE_KUBE_PUBLIC_ENDPOINTS ? c.GATE_KUBE_PUBLIC_ENDPOINTS.split(',') : [],
    runTimeoutMs: c.GATE_RUN_TIMEOUT_MS ?? (local ? 30_000 : 300_000),
    // kodex's worker polls every 5 s by default; the stand's every 100 ms (STAND_WORKER_POLL_MS).
    absenceWindowMs: c.GATE_ABSENCE_WINDOW_MS ?? (local ? 1_500 : 10_000),
    slowRunMs: c.GATE_SLOW_RUN_MS ?? (local ? 4_000 : 30_000),
    seedVolume: local ? c.GATE_SEED_VOLUME !== 'false' : c.GATE_SEED_VOLUME === 'true',
    boundaryWaiver: parseWaiver(c.GATE_BOUNDARY_WAIVER),
    slotsPerProject: c.GATE_SLOTS_PER_PROJECT ?? 2,
    workerNamespace: c.GATE_WORKER_NAMESPACE ?? K8S.codeOnlyNamespace,
    secrets: [
      c.GATE_WEBHOOK_SECRET,
      c.GATE_JWT_SIGNING_KEY,
      c.GATE_STAFF_COOKIE,
      c.GATE_GITHUB_TOKEN,
      c.GATE_TOKEN_ENCRYPTION_KEY,
      c.GATE_STAND_BOT_TOKEN,
      dbPassword,
    ].filter((s): s is string => !!s && s.length >= 8),
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
export const readStandEnv = (): Record<string, string> => dotenv.parse(readFileSync(STAND_ENV_FILE));

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
