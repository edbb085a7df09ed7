import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { z } from 'zod';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where a stand booted by the suite (or `npm run stand`) writes the environment it serves. */
export const STAND_ENV_FILE = path.join(ROOT, '.stand', 'stand.env');
export const STAND_DEFAULT_PORT = 4780;

/** Run-level settings the reporter, teardown and merge read (not part of a target's configuration). */
export const runSettings = (env: NodeJS.ProcessEnv = process.env) => ({
  /** Where verdict.json, regression-report.md and the per-shard results go (GATE_REPORT_DIR). */
  reportDir: path.resolve(ROOT, env.GATE_REPORT_DIR ?? 'gate-report'),
  allureResultsDir: path.resolve(ROOT, 'allure-results'),
  /** The marker every object this run creates carries (set by playwright.config.ts). */
  runId: env.GATE_RUN_ID ?? 'kodex-gate-adhoc',
  suiteCommit: env.GITHUB_SHA ?? env.GATE_SUITE_COMMIT ?? null,
  target: env.GATE_TARGET ?? 'local',
});

export type Target = 'local' | 'staging' | 'production';

const url = z.string().url();
const nonEmpty = z.string().min(1);
const schema = z.object({
  GATE_TARGET: z.enum(['local', 'staging', 'production']),
  GATE_BASE_URL: url,
  GATE_PUBLIC_URL: url.optional(),
  GATE_KUBE_PUBLIC_ENDPOINTS: z.string().regex(/^([\w.-]+:\d+)(,[\w.-]+:\d+)*$/, 'must be host:port[,host:port…]').optional(),
  GATE_WEBHOOK_SECRET: nonEmpty,
  GATE_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  KUBECONFIG: nonEmpty.refine((p) => p.split(path.delimiter).some((f) => existsSync(f)), 'no kubeconfig file at that path'),
  GATE_KUBE_CONTEXT: z.string().optional(),
  GATE_STAFF_AUTH: z.enum(['header', 'jwt']).default('header'),
  GATE_STAFF_EMAIL: z.string().email(),
  GATE_JWT_SIGNING_KEY: z.string().optional(),
  GATE_REPO: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
  GATE_SENDER_LOGIN: nonEmpty,
  GATE_GITHUB_API_URL: url.default('https://api.github.com'),
  GATE_GITHUB_TOKEN: z.string().optional(),
  GATE_TOKEN_ENCRYPTION_KEY: z.string().regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters').optional(),
  GATE_OPENAPI_SPEC: z.string().optional().refine((p) => !p || existsSync(path.resolve(ROOT, p)), 'no file at that path'),
  GATE_RUN_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  GATE_FAIL_LABEL: z.string().optional(),
  GATE_SLOW_LABEL: z.string().optional(),
  GATE_STAND_BOT_TOKEN: z.string().optional(),
  GATE_STAND_FAULTS: z.string().optional(),
  GATE_BOUNDARY_WAIVER: z.string().regex(/^[A-Z]\d+(,[A-Z]\d+)*:\s*\S.{9,}$/, 'must be "W1,B1: reason (10+ characters)"').optional(),
}).superRefine((c, ctx) => {
  if (c.GATE_STAFF_AUTH === 'jwt' && !c.GATE_JWT_SIGNING_KEY) {
    ctx.addIssue({ code: 'custom', path: ['GATE_JWT_SIGNING_KEY'], message: 'is required when GATE_STAFF_AUTH=jwt' });
  }
});

export type GateConfig = z.infer<typeof schema> & {
  target: Target;
  /** The public ingress (oauth2-proxy in front); W1 and B1 probe the boundary there. */
  publicUrl: string;
  /** host:port endpoints where a cluster API must NOT answer from outside (B1). */
  kubePublicEndpoints: string[];
  runTimeoutMs: number;
  failLabel?: string;
  slowLabel?: string;
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
    if (!existsSync(STAND_ENV_FILE)) throw new ConfigError(`local stand: ${STAND_ENV_FILE} is missing (is the stand running?)`);
    merged = { ...dotenv.parse(readFileSync(STAND_ENV_FILE)), ...env, GATE_TARGET: target };
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${String(i.path[0])}: ${merged[String(i.path[0])] === undefined && i.code !== 'custom' ? 'is not set' : i.message}`);
    throw new ConfigError(`kodex-gate configuration for target "${target}" is invalid:\n${lines.join('\n')}\nSee .env.example.`);
  }
  const c = parsed.data;
  const dbPassword = (() => { try { return decodeURIComponent(new URL(c.GATE_DATABASE_URL).password); } catch { return ''; } })();
  const local = target === 'local';
  return {
    ...c,
    target,
    publicUrl: c.GATE_PUBLIC_URL ?? c.GATE_BASE_URL,
    kubePublicEndpoints: c.GATE_KUBE_PUBLIC_ENDPOINTS ? c.GATE_KUBE_PUBLIC_ENDPOINTS.split(',') : [],
    runTimeoutMs: c.GATE_RUN_TIMEOUT_MS ?? (local ? 15_000 : 300_000),
    failLabel: c.GATE_FAIL_LABEL ?? (local ? 'kodex-gate:job-outcome=fail' : undefined),
    slowLabel: c.GATE_SLOW_LABEL ?? (local ? 'kodex-gate:job-duration-ms=1500' : undefined),
    boundaryWaiver: parseWaiver(c.GATE_BOUNDARY_WAIVER),
    secrets: [c.GATE_WEBHOOK_SECRET, c.GATE_JWT_SIGNING_KEY, c.GATE_GITHUB_TOKEN, c.GATE_TOKEN_ENCRYPTION_KEY, c.GATE_STAND_BOT_TOKEN, dbPassword]
      .filter((s): s is string => !!s && s.length >= 8),
  };
}

function parseWaiver(raw: string | undefined): GateConfig['boundaryWaiver'] {
  if (!raw) return undefined;
  const [ids, ...reason] = raw.split(':');
  return { scenarios: ids.split(',').map((s) => s.trim()), reason: reason.join(':').trim() };
}
