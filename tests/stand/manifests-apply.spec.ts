/**
 * deploy/ on the stand's Kubernetes API: `kubectl apply -f deploy/` creates the runner's objects and reads them
 * back as written, a second apply changes nothing, and the runner's ServiceAccount gets exactly the rights the
 * suite needs (kubectl --as, SelfSubjectAccessReview). The tests build on each other: serial.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import { fetch } from 'undici';
import { writeKubeconfig } from '../../stand/kube/kubeconfig.js';
import { startKubeApi, type KubeApi } from '../../stand/kube/server.js';
import { DEPLOY, namespaceArgs, readBackParts, readManifests, RUNNER, type Manifest } from './deploy-manifests.js';

test.describe.configure({ mode: 'serial' });

const run = promisify(execFile);
const TOKEN = randomBytes(12).toString('hex');

let api: KubeApi;
let dir: string;
let manifests: Manifest[];

const kubectl = async (...args: string[]) => {
  const kubeconfig = join(dir, 'kubeconfig');
  try {
    const { stdout } = await run(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), '--request-timeout', '10s', ...args],
      { timeout: 30_000 },
    );
    return { ok: true, out: stdout };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
};

test.beforeAll(async () => {
  api = await startKubeApi({ token: TOKEN, pendingMs: 50, runMs: 200, keepAliveMs: 100 });
  dir = await mkdtemp(join(tmpdir(), 'gate-manifests-'));
  await writeKubeconfig(join(dir, 'kubeconfig'), api.url, TOKEN);
  manifests = await readManifests();
});
test.afterAll(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * `kubectl apply -f`. --validate=false: the stand-in serves no /openapi (its README); manifests.spec.ts's field
 * check stands in for it.
 */
const apply = (path: string) => kubectl('apply', '--validate=false', '-f', path);
/** kubectl's output, a line per object. */
const linesOf = (out: string) => out.trim().split('\n');

test('kubectl apply -f deploy/ creates every object, and they read back as written', async () => {
  const applied = await apply(DEPLOY);
  expect(applied.ok, applied.out).toBe(true);
  expect(linesOf(applied.out).filter((l) => l.endsWith(' created'))).toHaveLength(manifests.length);
  for (const m of manifests) {
    const got = await kubectl('get', m.kind!, m.metadata!.name!, ...namespaceArgs(m), '-o', 'json');
    expect(got.ok, got.out).toBe(true);
    const back = JSON.parse(got.out);
    expect(
      back.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'],
      'client-side apply annotation',
    ).toBeTruthy();
    const parts = readBackParts(m, back);
    expect(parts.back.rbac, `${m.kind} rules, roleRef, subjects`).toEqual(parts.written.rbac);
    expect(parts.back.spec, `${m.kind} spec`).toMatchObject(parts.written.spec);
  }
});

test('a second apply changes nothing', async () => {
  const again = await apply(DEPLOY);
  expect(again.ok, again.out).toBe(true);
  expect(
    linesOf(again.out).filter((l) => !l.endsWith(' unchanged')),
    'changed on re-apply',
  ).toEqual([]);
});

test('re-applying the Job: a new deadline is patched in, a new pod template is refused as immutable', async () => {
  const job = await readFile(join(DEPLOY, '50-job.yaml'), 'utf8');
  const write = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };
  const deadline = await apply(
    await write('deadline.yaml', job.replace('activeDeadlineSeconds: 3600', 'activeDeadlineSeconds: 3000')),
  );
  expect(deadline.out).toContain('job.batch/kodex-gate-run configured');
  const back = JSON.parse((await kubectl('get', 'job', 'kodex-gate-run', '-n', 'kodex-gate', '-o', 'json')).out);
  expect(back.spec.activeDeadlineSeconds).toBe(3000);
  const template = await apply(await write('template.yaml', job.replace('value: "true"', 'value: "1"')));
  expect(template.ok).toBe(false);
  expect(template.out).toContain('spec.template: Invalid value');
  expect(template.out).toContain('field is immutable');
  expect((await apply(join(DEPLOY, '50-job.yaml'))).out).toContain('configured');
});

test('the runner ServiceAccount reads what the suite reads and nothing more (kubectl --as)', async () => {
  for (const args of [
    ['get', 'jobs', '-A'],
    ['get', 'pods', '-A'],
    ['get', 'namespaces'],
  ]) {
    const res = await kubectl(...args, `--as=${RUNNER}`);
    expect(res.ok, `runner cannot ${args.join(' ')}: ${res.out}`).toBe(true);
  }
  for (const args of [
    ['get', 'secrets', '-A'],
    ['create', 'configmap', 'x', '-n', 'kodex-gate'],
    ['delete', 'job', 'kodex-gate-run', '-n', 'kodex-gate'],
  ]) {
    const res = await kubectl(...args, `--as=${RUNNER}`);
    expect(res.ok, `runner may ${args.join(' ')}`).toBe(false);
    expect(res.out).toMatch(/forbidden: User "system:serviceaccount:kodex-gate:kodex-gate-runner" cannot/);
  }
});

test('SelfSubjectAccessReview answers for the runner the way doctor asks', async () => {
  const review = async (resourceAttributes: Record<string, string>) => {
    const res = await fetch(`${api.url}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'impersonate-user': RUNNER },
      body: JSON.stringify({
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes },
      }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { status: { allowed: boolean } }).status.allowed;
  };
  expect(await review({ verb: 'get', resource: 'pods', subresource: 'log', namespace: 'codex-issue-x' })).toBe(true);
  expect(await review({ verb: 'watch', group: 'batch', resource: 'jobs' })).toBe(true);
  expect(await review({ verb: 'get', resource: 'secrets', namespace: 'kodex-prod' })).toBe(false);
  expect(await review({ verb: 'create', group: 'batch', resource: 'jobs', namespace: 'kodex-prod' })).toBe(false);
});
