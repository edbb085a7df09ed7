#!/usr/bin/env node
/**
 * The gate agent: the Job image a gate staging runs instead of a real AI agent. It reads its own issue's
 * labels through GitHub's REST API (repository, issue and bot token from the env kodex gives every run Job)
 * and obeys the outcome labels of contract/gate-agent.mjs: exit code, duration, crash, log lines, and hold (it re-reads
 * its labels every GATE_AGENT_POLL_MS until the hold label is gone, bounded by its duration).
 * Node 20, no dependencies. It logs what it decided, never a token. It reads with node:http(s), not fetch: fetch's
 * first call loads undici, about 0.2 CPU-s in a process this short-lived (the stand starts one per run).
 */
import http from 'node:http';
import https from 'node:https';
import { GATE_AGENT, planFromLabels } from '../contract/gate-agent.mjs';

const env = process.env;
const runId = env.KODEX_RUN_ID || '(no run id)';
const log = (line) => process.stdout.write(`gate-agent: run ${runId} ${line}\n`);
const apiUrl = (env[GATE_AGENT.env.githubApiUrl] || 'https://api.github.com').replace(/\/+$/, '');
const defaultDurationMs = Number(env[GATE_AGENT.env.defaultDurationMs] || 0) || 0;
const pollMs = Number(env[GATE_AGENT.env.pollMs]) > 0 ? Number(env[GATE_AGENT.env.pollMs]) : GATE_AGENT.holdPollMs;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** GETs a JSON document (following up to 3 redirects as fetch would), or throws saying what was answered. */
function getJson(url, headers, timeoutMs, redirects = 3) {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? https : http).get(url, { headers, timeout: timeoutMs }, (res) => {
      const status = res.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status) && res.headers.location && redirects > 0) {
        res.resume();
        const next = new URL(res.headers.location, url);
        // Like fetch: the token goes to the same origin only.
        const { authorization: _token, ...rest } = headers;
        const keep = next.origin === new URL(url).origin ? headers : rest;
        return resolve(getJson(next.href, keep, timeoutMs, redirects - 1));
      }
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        if (status < 200 || status > 299) return reject(new Error(`GET ${url} answered ${status}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(new Error(`GET ${url} answered ${status} with no JSON: ${err.message}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** Every label name of the issue (paginated), or an error saying why they could not be read. */
async function issueLabels(repo, issue, token, timeoutMs = 15_000) {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo ?? ''))
    throw new Error(`KODEX_REPOSITORY_FULL_NAME is not owner/name: "${repo ?? ''}"`);
  if (!/^[1-9]\d*$/.test(issue ?? '')) throw new Error(`KODEX_ISSUE_NUMBER is not an issue number: "${issue ?? ''}"`);
  const headers = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'kodex-gate-agent',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const names = [];
  for (let page = 1; page <= 10; page++) {
    const url = `${apiUrl}/repos/${repo}/issues/${issue}/labels?per_page=100&page=${page}`;
    const batch = await getJson(url, headers, timeoutMs);
    if (!Array.isArray(batch)) throw new Error(`GET ${url} answered no list of labels`);
    names.push(...batch.map((l) => String(l.name)));
    if (batch.length < 100) break;
  }
  return names;
}

/**
 * A held run: re-reads the issue's labels every pollMs until the hold label is gone or the hold's bound
 * (plan.durationMs) has passed. A failed read is logged (once per distinct error) and retried, never fatal.
 */
async function holdUntilReleased(repo, issue, token, boundMs) {
  const started = Date.now();
  let lastError = '';
  let failures = 0;
  for (;;) {
    const left = boundMs - (Date.now() - started);
    if (left <= 0) return log(`hold expired: still held after ${Date.now() - started} ms, finishing anyway`);
    await sleep(Math.min(pollMs, left));
    try {
      const labels = await issueLabels(repo, issue, token, Math.max(1_000, Math.min(15_000, left)));
      if (failures) log(`labels readable again after ${failures} failed read(s)`);
      failures = 0;
      lastError = '';
      if (!labels.includes(GATE_AGENT.labels.hold)) return log(`released after ${Date.now() - started} ms`);
    } catch (err) {
      failures += 1;
      if (err.message !== lastError) log(`labels unreadable while held, retrying every ${pollMs} ms: ${err.message}`);
      lastError = err.message;
    }
  }
}

async function main() {
  const repo = env.KODEX_REPOSITORY_FULL_NAME;
  const issue = env.KODEX_ISSUE_NUMBER;
  let labels = [];
  try {
    labels = await issueLabels(repo, issue, env.KODEX_GIT_BOT_TOKEN);
    log(`issue ${repo}#${issue}: ${labels.length} label(s)`);
  } catch (err) {
    // No outcome labels to read (e.g. a fabricated issue number): the default outcome, said out loud.
    log(`labels unreadable, using the default outcome: ${err.message}`);
  }
  const plan = planFromLabels(labels, defaultDurationMs);
  for (const name of plan.ignored) log(`ignored label ${JSON.stringify(name)}`);
  for (const line of plan.log) process.stdout.write(`${line}\n`);
  if (plan.crashLoop) {
    log(`decided: crash at once with exit code ${plan.exitCode} (crash-loop)`);
    process.exit(plan.exitCode);
  }
  if (plan.hold) {
    const bound = `polling every ${pollMs} ms, at most ${plan.durationMs} ms`;
    log(`decided: held until released (${bound}), then exit code ${plan.exitCode}`);
    await holdUntilReleased(repo, issue, env.KODEX_GIT_BOT_TOKEN, plan.durationMs);
  } else {
    log(`decided: exit code ${plan.exitCode} after ${plan.durationMs} ms`);
    if (plan.durationMs > 0) await sleep(plan.durationMs);
  }
  log(`finished exit code ${plan.exitCode}`);
  process.exit(plan.exitCode);
}

process.on('SIGTERM', () => {
  log('terminated (SIGTERM)');
  process.exit(143);
});
main().catch((err) => {
  log(`crashed: ${err?.message ?? err}`);
  process.exit(70);
});
