/**
 * `npm run doctor` against the local stand as a staging (or production) target: complete, it finds nothing
 * missing; with one prerequisite removed or broken, it names that one.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import { parseDocument } from 'yaml';
import {
  ROOT,
  STAND_ENV_FILE,
  childEnv,
  readStandEnv,
  runSettings,
  selftestDatabaseUrl,
} from '../../helpers/runner/config.js';
import { standBooted } from '../../helpers/runner/stand-boot.js';
import { runDoctor, type Check } from '../../scripts/doctor-checks.js';

const RUNNER = 'system:serviceaccount:kodex-gate:kodex-gate-runner';
let staging: Record<string, string>;

test.skip(
  !runSettings().standPid && !existsSync(STAND_ENV_FILE),
  'needs the local stand the suite boots when nothing is configured',
);
test.beforeAll(async () => {
  await standBooted();
  const stand = readStandEnv();
  const base = new URL(stand.GATE_BASE_URL);
  staging = {
    ...stand,
    GATE_TARGET: 'staging',
    GATE_KUBE_CONTEXT: 'kodex-stand',
    GATE_PUBLIC_URL: `http://localhost:${base.port}`,
    GATE_KUBE_PUBLIC_ENDPOINTS: '127.0.0.2:1',
  };
});

const doctor = async (env: Record<string, string | undefined>) => (await runDoctor(env)).checks;
const missing = (checks: Check[]) => checks.filter((c) => c.ok === false).map((c) => `${c.name}: ${c.detail}`);

test('a complete staging target has every prerequisite', async () => {
  expect(missing(await doctor(staging)), 'doctor found something missing on the complete stand').toEqual([]);
});

test('without GATE_KUBE_CONTEXT, doctor stops at the config and names the variable', async () => {
  const checks = await doctor({ ...staging, GATE_KUBE_CONTEXT: undefined });
  expect(missing(checks)).toEqual([
    expect.stringMatching(/^config: .*GATE_KUBE_CONTEXT: is not set; it is required for target staging/s),
  ]);
});

test('every bad variable counts as one missing prerequisite', async () => {
  const checks = await doctor({ ...staging, GATE_KUBE_CONTEXT: undefined, GATE_STAFF_EMAIL: 'not-an-email' });
  expect(missing(checks)).toEqual([
    expect.stringMatching(/^config: GATE_STAFF_EMAIL: /),
    expect.stringMatching(/^config: GATE_KUBE_CONTEXT: is not set/),
  ]);
});

test("without W1's and B1's settings, doctor names both (a waiver skips them)", async () => {
  const { GATE_PUBLIC_URL: _p, GATE_KUBE_PUBLIC_ENDPOINTS: _k, ...rest } = staging;
  expect(missing(await doctor(rest))).toEqual([
    expect.stringMatching(/^W1 setting GATE_PUBLIC_URL: not set: W1 would fail "not checked"/),
    expect.stringMatching(/^B1 setting GATE_KUBE_PUBLIC_ENDPOINTS: not set: B1 would fail "not checked"/),
  ]);
  expect(
    missing(await doctor({ ...rest, GATE_BOUNDARY_WAIVER: 'W1,B1: no public ingress on this staging yet' })),
  ).toEqual([]);
});

test('an unreachable gateway is named with its URL and cause', async () => {
  const problems = missing(await doctor({ ...staging, GATE_BASE_URL: 'http://127.0.0.1:2' }));
  expect(problems[0]).toMatch(/^gateway \/healthz: http:\/\/127\.0\.0\.1:2\/healthz: fetch failed \(ECONNREFUSED/);
});

test('a kube context the kubeconfig lacks is named by the config check', async () => {
  expect(missing(await doctor({ ...staging, GATE_KUBE_CONTEXT: 'staging-cluster' }))).toEqual([
    expect.stringMatching(/^config: .*GATE_KUBE_CONTEXT: context "staging-cluster" is not in .*; it has: kodex-stand/s),
  ]);
});

test('the runner ServiceAccount without deploy/ RBAC: doctor names each denied read', async () => {
  // The stand's kubeconfig, acting as the runner (kubeconfig `as:`, i.e. Impersonate-User) before deploy/ is applied.
  const doc = parseDocument(readFileSync(staging.KUBECONFIG, 'utf8'));
  doc.setIn(['users', 0, 'user', 'as'], RUNNER);
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'gate-doctor-')), 'kubeconfig');
  writeFileSync(kubeconfig, doc.toString(), { mode: 0o600 });
  const problems = missing(await doctor({ ...staging, KUBECONFIG: kubeconfig }));
  expect(problems).toEqual([
    expect.stringMatching(
      /^kubernetes: .*RBAC denies: list batch\/jobs, watch batch\/jobs, get batch\/jobs, list core\/pods, get core\/pods\/log, list core\/namespaces, delete core\/namespaces, delete core\/pods in \S+ \(apply deploy\/\)/,
    ),
  ]);
});

test('an unbound repository is named, and the sender check waits for it', async () => {
  const checks = await doctor({ ...staging, GATE_REPO: 'kodex-stand/not-bound' });
  expect(missing(checks)).toEqual([
    'repository bound to a project: kodex-stand/not-bound is not bound to any project (no repositories row)',
  ]);
  expect(checks.find((c) => c.name === 'sender may trigger runs')?.ok).toBe('skipped');
});

test('a sender who is no user is named', async () => {
  expect(missing(await doctor({ ...staging, GATE_SENDER_LOGIN: 'nobody-here' }))).toEqual([
    'sender may trigger runs: no user has github_login nobody-here',
  ]);
});

test('a token GitHub refuses is named', async () => {
  expect(missing(await doctor({ ...staging, GATE_GITHUB_TOKEN: 'bad-token' }))).toEqual([
    expect.stringMatching(/^github token: GET \/repos\/kodex-stand\/demo answered 401/),
  ]);
});

test('an unreachable database is named', async () => {
  const url = new URL(staging.GATE_DATABASE_URL);
  url.port = '1';
  const problems = missing(await doctor({ ...staging, GATE_DATABASE_URL: url.toString() }));
  expect(problems, 'a refused connection, not a missing grant').toEqual([
    expect.stringMatching(/^database reachable: cannot connect to 127\.0\.0\.1:1\/.*ECONNREFUSED/),
  ]);
});

test('a database without the platform tables or grants: doctor lists the missing privileges', async () => {
  const problems = missing(await doctor({ ...staging, GATE_DATABASE_URL: selftestDatabaseUrl() }));
  expect(problems).toContainEqual(
    expect.stringMatching(
      /^database role rights: the role lacks: SELECT on agent_runs; .*UPDATE \(github_login\) on users \(setGithubLogin\)$/,
    ),
  );
});

test('as production (no write-capable secret), doctor finds the database sessions read-only', async () => {
  const { GATE_WEBHOOK_SECRET: _w, GATE_JWT_SIGNING_KEY: _k, ...rest } = staging;
  const checks = await doctor({ ...rest, GATE_TARGET: 'production' });
  expect(missing(checks)).toEqual([]);
  expect(checks.find((c) => c.name === 'database role rights')?.detail).toMatch(
    /^sessions are read-only \(cannot execute CREATE TABLE in a read-only transaction\)/,
  );
});

test('npm run doctor exits 1 and points at the runbook step', async () => {
  const exec = promisify(execFile);
  const err = await exec('npx', ['tsx', 'scripts/doctor.ts'], {
    cwd: ROOT,
    env: childEnv({ ...staging, GATE_REPO: 'kodex-stand/not-bound' }),
    timeout: 60_000,
  }).then(
    () => undefined,
    (e: { code: number; stdout: string }) => e,
  );
  expect(err?.code, 'doctor exit code').toBe(1);
  expect(err?.stdout).toContain(
    'MISS repository bound to a project  kodex-stand/not-bound is not bound to any project',
  );
  expect(err?.stdout).toContain('[runbook/staging-setup.md step 2]');
});
