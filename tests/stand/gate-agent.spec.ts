import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { GATE_AGENT, outcomeLabels } from '../../contract/gate-agent.mjs';
import { GateGitHub } from '../../helpers/clients/github.js';
import { useGitHubStandIn } from './github-stand-in.js';
import { AGENT_ENTRY } from '../../stand/kube/kubelet.js';
import { startGitHubApi } from '../../stand/github/server.js';

/** The gate agent (agent/gate-agent.mjs) run as the kubelet runs it, against issues of a GitHub stand-in. */
const TOKEN = `ghs_${randomBytes(12).toString('hex')}`;
const REPO = { owner: 'kodex-gate', name: 'agent-spec' };
const FAST_POLL = { [GATE_AGENT.env.pollMs]: '50' };
const github = useGitHubStandIn();
const issues = (url: string) => new GateGitHub(url, TOKEN, REPO.owner, REPO.name, 'local');

/** Agents still running when a test ends (it failed while one was held) are stopped, GitHubs of its own closed. */
const started = new Set<ChildProcess>();
const closers = new Set<() => Promise<unknown>>();
test.afterEach(async () => {
  for (const child of started) child.kill();
  started.clear();
  for (const close of closers) await close();
  closers.clear();
});

/** A GitHub stand-in of the test's own, to take away while an agent reads it; closed after the test if still up. */
async function ownGitHub() {
  const api = await startGitHubApi({});
  const close = async () => {
    if (closers.delete(close)) await api.close();
  };
  closers.add(close);
  return { url: api.url, close };
}

/** Starts the agent for an issue; its log and exit are watched, not awaited. */
function startAgent(githubUrl: string, issue: number, env: Record<string, string> = {}) {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [AGENT_ENTRY], {
    env: {
      PATH: process.env.PATH!,
      KODEX_RUN_ID: 'run-agent-spec',
      KODEX_REPOSITORY_FULL_NAME: `${REPO.owner}/${REPO.name}`,
      KODEX_ISSUE_NUMBER: String(issue),
      KODEX_GIT_BOT_TOKEN: TOKEN,
      [GATE_AGENT.env.githubApiUrl]: githubUrl,
      ...env,
    },
  });
  started.add(child);
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise<{ code: number; elapsedMs: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code: code ?? -1, elapsedMs: Date.now() - startedAt })),
  );
  let exit: { code: number; elapsedMs: number } | undefined;
  void exited.then((e) => (exit = e));
  return { stdout: () => stdout, exit: () => exit, exited };
}

/** The agent run to its end for an issue with these labels (null: an issue that does not exist). */
async function agentWith(labels: string[] | null) {
  const issue = labels ? (await issues(github().url).createIssue('agent spec', '', labels)).number : 999_999;
  const agent = startAgent(github().url, issue);
  const { code, elapsedMs } = await agent.exited;
  return { code, elapsedMs, stdout: agent.stdout() };
}

test("the gate agent obeys its issue's outcome labels, ignores others, and never logs its token", async () => {
  const cases = [
    { labels: [], code: 0 },
    { labels: outcomeLabels({ outcome: 'fail' }), code: 1 },
    { labels: outcomeLabels({ outcome: 'fail', exitCode: 7 }), code: 7 },
    { labels: outcomeLabels({ outcome: 'crash-loop' }), code: 1, says: 'crash-loop' },
    {
      labels: [...outcomeLabels({ log: ['hello from the agent spec'] }), 'kodex-gate/unknown:1', 'bug'],
      code: 0,
      says: 'hello from the agent spec',
    },
  ];
  for (const c of cases) {
    const r = await agentWith(c.labels);
    expect(r.code, `exit code for labels ${JSON.stringify(c.labels)}`).toBe(c.code);
    expect(r.stdout, 'the agent says what it decided').toContain(
      `decided: ${c.code === 0 || !c.says ? 'exit code' : 'crash'}`,
    );
    expect(r.stdout, 'the agent logs what its labels asked for').toContain(c.says ?? '');
    expect(r.stdout, 'the token never reaches the log').not.toContain(TOKEN);
  }
  const ignored = await agentWith(['kodex-gate/unknown:1']);
  expect(ignored.stdout, 'an unknown kodex-gate label is ignored, and said so').toContain(
    'ignored label "kodex-gate/unknown:1"',
  );
});

test('the gate agent runs for the asked duration, and uses the default outcome when its issue cannot be read', async () => {
  const slow = await agentWith(outcomeLabels({ durationMs: 800 }));
  expect(slow.code).toBe(0);
  expect(slow.elapsedMs, 'the agent ran at least the asked 800 ms').toBeGreaterThanOrEqual(800);
  const missing = await agentWith(null);
  expect(missing.code, 'no readable labels: the default outcome').toBe(0);
  expect(missing.stdout).toContain('labels unreadable, using the default outcome');
});

test('a held gate agent runs until its hold label is removed, then exits with its planned code', async () => {
  // given: an agent held on an issue that also asks for exit code 5, its hold bounded at 60 s
  const gh = issues(github().url);
  const labels = outcomeLabels({ hold: true, outcome: 'fail', exitCode: 5, durationMs: 60_000 });
  const issue = await gh.createIssue('agent spec', '', labels);
  const agent = startAgent(github().url, issue.number, FAST_POLL);
  await expect
    .poll(agent.stdout, { message: 'the agent says it is held, how it polls and its bound' })
    .toContain('decided: held until released (polling every 50 ms, at most 60000 ms), then exit code 5');
  expect(agent.exit(), 'the held agent is still running').toBeUndefined();
  // when: the hold label is removed
  await gh.removeLabel(issue.number, GATE_AGENT.labels.hold);
  // then: it exits within a few polls, long before its bound, with the code its labels planned
  await expect
    .poll(agent.exit, { message: 'the released agent exits within a few polls', timeout: 10_000 })
    .toBeDefined();
  expect(agent.exit()?.code, 'the planned exit code').toBe(5);
  expect(agent.stdout(), 'it says it was released').toMatch(/released after \d+ ms/);
  expect(agent.stdout(), 'the token never reaches the log').not.toContain(TOKEN);
});

test("a gate agent's hold is bounded by its duration, and an unreachable GitHub is logged and retried, never a crash", async () => {
  // given: an agent held at most 2 s, on a GitHub of its own
  const own = await ownGitHub();
  const issue = await issues(own.url).createIssue('agent spec', '', outcomeLabels({ hold: true, durationMs: 2_000 }));
  const agent = startAgent(own.url, issue.number, FAST_POLL);
  await expect.poll(agent.stdout, { message: 'the agent says it is held' }).toContain('decided: held until released');
  // when: its GitHub goes away while it is held
  await own.close();
  // then: it says it cannot read its labels, keeps polling, and finishes once its bound has passed
  await expect
    .poll(agent.stdout, { message: 'a failed read while held is logged' })
    .toContain('labels unreadable while held, retrying every 50 ms');
  await expect.poll(agent.exit, { message: 'the agent finishes at its bound', timeout: 10_000 }).toBeDefined();
  expect(agent.exit()?.code, 'the planned exit code, not a crash').toBe(0);
  expect(agent.stdout(), 'it says the hold expired').toMatch(/hold expired: still held after \d+ ms/);
  expect(agent.exit()?.elapsedMs, 'it stayed held for its 2 s bound').toBeGreaterThanOrEqual(2_000);
  expect(agent.stdout(), 'the token never reaches the log').not.toContain(TOKEN);
});
