/**
 * deploy/: the in-cluster gate runner's manifests. Each field is known to the Kubernetes API types
 * (client-node's models), `kubectl apply -f deploy/` creates them on the stand's Kubernetes API and reads
 * them back, a second apply changes nothing, and the runner's ServiceAccount gets exactly the rights the
 * suite needs (kubectl --as, SelfSubjectAccessReview).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import * as k8s from '@kubernetes/client-node';
import { fetch } from 'undici';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../../helpers/runner/config.js';
import { writeKubeconfig } from '../../stand/kube/kubeconfig.js';
import { startKubeApi, type KubeApi } from '../../stand/kube/server.js';

const run = promisify(execFile);
const TOKEN = randomBytes(12).toString('hex');
const DEPLOY = join(ROOT, 'deploy');
const RUNNER = 'system:serviceaccount:kodex-gate:kodex-gate-runner';
type Manifest = k8s.KubernetesObject & Record<string, any>;

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
  const files = (await readdir(DEPLOY)).filter((f) => f.endsWith('.yaml')).sort();
  // Plain YAML, not client-node's loadAllYaml: that maps onto its models and silently drops unknown fields.
  const docs = await Promise.all(files.map(async (f) => parseAllDocuments(await readFile(join(DEPLOY, f), 'utf8'))));
  manifests = docs.flat().map((d) => d.toJS() as Manifest);
});
test.afterAll(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Fields the API types do not know, as paths (a typo in a manifest is silently dropped by a real server). */
function unknownFields(value: unknown, type: string, path: string): string[] {
  const list = /^Array<(.+)>$/.exec(type);
  if (list)
    return Array.isArray(value)
      ? value.flatMap((v, i) => unknownFields(v, list[1], `${path}[${i}]`))
      : [`${path}: not a list`];
  const model = (
    k8s as unknown as Record<string, { getAttributeTypeMap?: () => { baseName: string; type: string }[] }>
  )[type];
  if (!model?.getAttributeTypeMap) return [];
  if (typeof value !== 'object' || value === null) return [`${path}: not an object`];
  const attrs = model.getAttributeTypeMap();
  return Object.entries(value).flatMap(([k, v]) => {
    const attr = attrs.find((a) => a.baseName === k);
    if (!attr) return [`${path}.${k}`];
    if (['string', 'number', 'boolean'].includes(attr.type) && typeof v !== attr.type)
      return [`${path}.${k}: not a ${attr.type}`];
    return unknownFields(v, attr.type, `${path}.${k}`);
  });
}

test('every manifest field is one the Kubernetes API knows', () => {
  expect(manifests.map((m) => m.kind).sort()).toEqual([
    'ClusterRole',
    'ClusterRole',
    'ClusterRoleBinding',
    'ClusterRoleBinding',
    'Job',
    'Namespace',
    'Role',
    'RoleBinding',
    'ServiceAccount',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
  ]);
  for (const m of manifests)
    expect(unknownFields(m, `V1${m.kind}`, `${m.kind}/${m.metadata?.name}`), 'unknown or mistyped fields').toEqual([]);
});

test('the reader ClusterRole only reads jobs, pods, pods/log and namespaces; the one delete is of namespaces, narrowed by admission', () => {
  const roles = manifests.filter((m) => m.kind === 'ClusterRole');
  const reader = roles.find((r) => r.metadata!.name === 'kodex-gate-reader')!;
  const granted = reader.rules.flatMap((r: k8s.V1PolicyRule) =>
    r.resources!.flatMap((res) => r.verbs.map((v) => `${v} ${r.apiGroups![0] || 'core'}/${res}`)),
  );
  expect(granted.sort()).toEqual(
    ['batch/jobs', 'core/namespaces', 'core/pods', 'core/pods/log']
      .flatMap((r) => ['get', 'list', 'watch'].map((v) => `${v} ${r}`))
      .sort(),
  );
  const writes = roles
    .flatMap((r) => r.rules)
    .filter((rule: k8s.V1PolicyRule) => rule.verbs.some((v) => !['get', 'list', 'watch'].includes(v)));
  expect(writes, 'write rules besides the namespace delete').toEqual([
    { apiGroups: [''], resources: ['namespaces'], verbs: ['delete'] },
  ]);

  const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy')!;
  const binding = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicyBinding')!;
  expect(binding.spec).toMatchObject({ policyName: policy.metadata!.name, validationActions: ['Deny'] });
  expect(policy.spec.matchConstraints.resourceRules).toEqual([
    { apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['namespaces'] },
  ]);
  expect(policy.spec.matchConditions[0].expression).toContain(`'${RUNNER}'`);
  for (const label of ['kodex.works/managed-by', 'kodex.works/namespace-purpose', 'kodex.works/run-id']) {
    expect(policy.spec.validations[0].expression, `admission does not check ${label}`).toContain(`'${label}'`);
  }
});

test('the Job runs the suite image as the runner ServiceAccount, once, and keeps its log for collection', () => {
  const job = manifests.find((m) => m.kind === 'Job')! as k8s.V1Job;
  const sa = manifests.find((m) => m.kind === 'ServiceAccount')!;
  expect(job.metadata!.namespace).toBe(sa.metadata!.namespace);
  expect(job.spec!.template.spec!.serviceAccountName).toBe(sa.metadata!.name);
  expect(job.spec).toMatchObject({ backoffLimit: 0, template: { spec: { restartPolicy: 'Never' } } });
  expect(job.spec!.ttlSecondsAfterFinished, 'the finished Job must outlive the collection').toBeGreaterThanOrEqual(
    3600,
  );
  expect(job.spec!.template.spec!.containers[0].envFrom).toEqual([{ secretRef: { name: 'kodex-gate-env' } }]);
});

/** kubectl's output, a line per object. */
const linesOf = (out: string) => out.trim().split('\n');

test.describe("on the stand's Kubernetes API", () => {
  test.describe.configure({ mode: 'serial' });

  test('kubectl apply -f deploy/ creates every object, and they read back as written', async () => {
    // --validate=false: the stand-in serves no /openapi (its README); the field check above stands in for it.
    const applied = await kubectl('apply', '--validate=false', '-f', DEPLOY);
    expect(applied.ok, applied.out).toBe(true);
    expect(linesOf(applied.out).filter((l) => l.endsWith(' created'))).toHaveLength(manifests.length);
    for (const m of manifests) {
      const ns = m.metadata!.namespace ? ['-n', m.metadata!.namespace] : [];
      const got = await kubectl('get', m.kind!, m.metadata!.name!, ...ns, '-o', 'json');
      expect(got.ok, got.out).toBe(true);
      const back = JSON.parse(got.out);
      expect(
        back.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'],
        'client-side apply annotation',
      ).toBeTruthy();
      for (const field of ['rules', 'roleRef', 'subjects'] as const)
        if (m[field]) expect(back[field], `${m.kind} ${field}`).toEqual(m[field]);
      if (m.kind !== 'Job' && m.spec) expect(back.spec, `${m.kind} spec`).toMatchObject(m.spec);
      if (m.kind === 'Job') expect(back.spec.template.spec).toMatchObject(m.spec.template.spec);
    }
  });

  test('a second apply changes nothing', async () => {
    const again = await kubectl('apply', '--validate=false', '-f', DEPLOY);
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
    const deadline = await kubectl(
      'apply',
      '--validate=false',
      '-f',
      await write('deadline.yaml', job.replace('activeDeadlineSeconds: 3600', 'activeDeadlineSeconds: 3000')),
    );
    expect(deadline.out).toContain('job.batch/kodex-gate-run configured');
    const back = JSON.parse((await kubectl('get', 'job', 'kodex-gate-run', '-n', 'kodex-gate', '-o', 'json')).out);
    expect(back.spec.activeDeadlineSeconds).toBe(3000);
    const template = await kubectl(
      'apply',
      '--validate=false',
      '-f',
      await write('template.yaml', job.replace('value: "true"', 'value: "1"')),
    );
    expect(template.ok).toBe(false);
    expect(template.out).toContain('spec.template: Invalid value');
    expect(template.out).toContain('field is immutable');
    expect((await kubectl('apply', '--validate=false', '-f', join(DEPLOY, '50-job.yaml'))).out).toContain('configured');
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
});
