// npm test's Playwright part: the staging and production rehearsals (the gate against the stand enacting
// runbook/staging-setup.md), then the suite's own projects over the local stand. Each runs whatever the others
// give and streams its output; the last line sums their `N passed, N failed` lines (CI reads it).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const COUNT = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;
const RUNS = [
  { what: 'staging rehearsal', cmd: 'npm', args: ['run', '--silent', 'rehearse'], verdict: 'gate-report/staging' },
  // The @readonly set against the same platform as the runbook's production: read-only role, no delete rights.
  {
    what: 'production rehearsal',
    cmd: 'npm',
    args: ['run', '--silent', 'rehearse:production'],
    verdict: 'gate-report/production',
  },
  {
    what: 'suite projects',
    cmd: 'npx',
    args: ['playwright', 'test', ...['selftest', 'stand', 'report', 'gate', 'mutation'].map((p) => `--project=${p}`)],
    verdict: 'gate-report',
  },
];

/** The gate's decision a run left: a flaky scenario passes Playwright (exit 0) but is NO-GO, and fails npm test. */
function decisionIn(dir) {
  try {
    return JSON.parse(readFileSync(`${dir}/verdict.json`, 'utf8')).decision;
  } catch {
    return 'no verdict.json';
  }
}

function run({ what, cmd, args, verdict }) {
  return new Promise((resolve) => {
    console.log(`\n=== ${what}: ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { stdio: ['inherit', 'pipe', 'inherit'] });
    let counts;
    let rest = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const m = COUNT.exec(line.trim());
        if (m) counts = m.slice(1).map((n) => Number(n ?? 0));
      }
    });
    child.on('close', (code) => {
      const m = COUNT.exec(rest.trim());
      if (m) counts = m.slice(1).map((n) => Number(n ?? 0));
      resolve({ what, code: code ?? 1, counts, decision: decisionIn(verdict) });
    });
  });
}

const results = [];
for (const r of RUNS) results.push(await run(r));
const total = [0, 0, 0];
for (const r of results) {
  if (!r.counts) console.log(`${r.what} printed no count line (exit code ${r.code}): counted as 1 failed`);
  const [passed, failed, skipped] = r.counts ?? [0, 1, 0];
  // A NO-GO with nothing red (a scenario green only on retry): its verdict is the failure counted.
  if (r.counts && !failed && r.decision !== 'GO') {
    console.log(`${r.what}: verdict ${r.decision} with no failed test: counted as 1 failed`);
    total[1] += 1;
  }
  total[0] += passed;
  total[1] += failed;
  total[2] += skipped;
}
const failedRuns = results
  .filter((r) => r.code !== 0 || r.decision !== 'GO')
  .map((r) => `${r.what} (exit ${r.code}, verdict ${r.decision})`);
if (failedRuns.length) console.log(`failed: ${failedRuns.join(', ')}`);
console.log(`${total[0]} passed, ${total[1]} failed${total[2] ? `, ${total[2]} skipped` : ''}`);
process.exit(failedRuns.length ? 1 : 0);
