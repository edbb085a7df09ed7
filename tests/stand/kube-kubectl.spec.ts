/** The Kubernetes API stand-in through real kubectl: get, get -o json, logs and get --watch. */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import { writeKubeconfig } from '../../stand/kube/kubeconfig.js';
import { TOKEN, WAIT, completedJob, createJob, kube, newNamespace, useKubeStandIn } from './kube-harness.js';

const run = promisify(execFile);
const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

useKubeStandIn();

test.skip(!hasKubectl, 'kubectl is not on PATH');
let dir: string;
let kubectl: (...args: string[]) => Promise<string>;
let kubectlArgs: string[];

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-api-spec-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeKubeconfig(kubeconfig, kube.api.url, TOKEN);
  kubectlArgs = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), '--request-timeout', '10s'];
  kubectl = async (...args) => (await run('kubectl', [...kubectlArgs, ...args], { timeout: 20_000 })).stdout;
});
test.afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('get, get -o json and logs', async () => {
  const ns = await newNamespace();
  const { name, runId } = await completedJob(ns);

  const jobs = await kubectl('get', 'jobs', '-A');
  expect(jobs).toMatch(new RegExp(`^${ns}\\s+${name}\\s+Complete\\s+1/1`, 'm'));

  const pods = JSON.parse(await kubectl('get', 'pods', '-n', ns, '-o', 'json'));
  expect(pods.items).toHaveLength(1);
  const pod = pods.items[0];
  expect(pod.metadata.labels['job-name']).toBe(name);
  expect(pod.status.phase).toBe('Succeeded');

  expect(await kubectl('logs', '-n', ns, pod.metadata.name)).toContain(`gate-agent: run ${runId} decided: exit code 0`);
  expect(await kubectl('logs', '-n', ns, `job/${name}`)).toContain(`gate-agent: run ${runId} finished exit code 0`);
});

test('get jobs -A --watch streams new jobs', async () => {
  const ns = await newNamespace();
  const first = await createJob(ns, { outcome: 'hang' });
  const child = spawn('kubectl', [...kubectlArgs, 'get', 'jobs', '-A', '--watch'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d;
  });
  try {
    await expect.poll(() => out, { ...WAIT, message: 'the existing job is listed' }).toContain(first.name);
    const second = await createJob(ns, { durationMs: 300 });
    await expect.poll(() => out, { ...WAIT, message: 'the new job arrives through the watch' }).toContain(second.name);
    // The completion arrives after ~300 ms of keep-alive newlines; kubectl must still be reading.
    await expect
      .poll(() => out, { ...WAIT, message: 'the completion is streamed' })
      .toMatch(new RegExp(`${second.name}\\s+Complete`));
    expect(child.exitCode, err).toBeNull();
  } finally {
    child.kill();
  }
});
