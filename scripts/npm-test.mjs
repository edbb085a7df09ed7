// npm test after its plan: two lanes side by side, each step streaming its output with the step's name.
// The lanes take the steps in STEPS order, each the next one not started: the mutation check (the longest)
// and the staging rehearsal first, the short static checks last, where they fill whichever lane frees first.
// Each Playwright step has its own stand port, stand data folder, report and output folders, so the steps
// never share a stand or a file. The last line sums every step's `N passed, N failed` (CI reads it); a static check
// that fails counts as one failed test.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const COUNT = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;
const npx = (...args) => ({ cmd: 'npx', args });

/** A Playwright step's own stand (port, data folder) and folders. */
const own = (name, port) => ({
  STAND_PORT: String(port),
  STAND_DATA_DIR: `.stand/${name}`,
  GATE_REPORT_DIR: `gate-report/${name}`,
  GATE_ALLURE_RESULTS_DIR: `gate-report/${name}/allure-results`,
  PLAYWRIGHT_HTML_OUTPUT_DIR: `playwright-report/${name}`,
});
/** A Playwright step; `gate` when it runs gate scenarios, whose verdict must then be GO. */
const playwright = (name, port, args, { gate = false, env = {} } = {}) => ({
  what: name,
  ...npx('playwright', 'test', ...args, `--output=test-results/${name}`),
  env: { ...own(name, port), ...env },
  verdict: gate ? `gate-report/${name}` : undefined,
});

const STEPS = [
  // Its lanes' healthy controls are the gate's local run: every scenario on a stand without faults, first.
  playwright('mutation', 4784, ['--project=mutation']),
  playwright('staging', 4781, ['--project=gate'], { gate: true, env: { STAND_PROFILE: 'staging' } }),
  playwright('suite', 4783, ['--project=selftest', '--project=stand', '--project=report']),
  // The @readonly set against the same platform as the runbook's production: read-only role, no delete rights.
  playwright('production', 4782, ['--project=gate'], { gate: true, env: { STAND_PROFILE: 'production' } }),
  { what: 'eslint', ...npx('eslint', '.'), static: true },
  { what: 'tsc', ...npx('tsc', '--noEmit'), static: true },
  { what: 'prettier', ...npx('prettier', '--check', '.'), static: true },
  { what: 'knip', ...npx('knip'), static: true },
];
const LANES = 2;

/** The gate's decision a run left: a flaky scenario passes Playwright (exit 0) but is NO-GO, and fails npm test. */
function decisionIn(dir) {
  try {
    return JSON.parse(readFileSync(`${dir}/verdict.json`, 'utf8')).decision;
  } catch {
    return 'no verdict.json';
  }
}

function run({ what, cmd, args, env, verdict, static: isStatic }) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`[${what}] ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let counts;
    const streamed = (stream, out) => {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          out.write(`[${what}] ${line}\n`);
          const m = COUNT.exec(line.trim());
          if (m) counts = m.slice(1).map((n) => Number(n ?? 0));
        }
      });
      stream.on('end', () => rest && out.write(`[${what}] ${rest}\n`));
    };
    streamed(child.stdout, process.stdout);
    streamed(child.stderr, process.stderr);
    child.on('close', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`[${what}] done in ${seconds} s, exit code ${code}`);
      resolve({ what, code: code ?? 1, counts, isStatic, decision: verdict ? decisionIn(verdict) : 'GO', seconds });
    });
  });
}

const started = Date.now();
const pending = [...STEPS];
const lane = async () => {
  const done = [];
  for (let step = pending.shift(); step; step = pending.shift()) done.push(await run(step));
  return done;
};
const results = (await Promise.all(Array.from({ length: LANES }, lane))).flat();

const total = [0, 0, 0];
for (const r of results) {
  if (r.isStatic) {
    total[1] += r.code ? 1 : 0;
    continue;
  }
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
console.log(
  `\nnpm test took ${Math.round((Date.now() - started) / 1000)} s: ${results.map((r) => `${r.what} ${r.seconds} s`).join(', ')}`,
);
const failedRuns = results
  .filter((r) => r.code !== 0 || r.decision !== 'GO')
  .map((r) => `${r.what} (exit ${r.code}${r.isStatic ? '' : `, verdict ${r.decision}`})`);
if (failedRuns.length) console.log(`failed: ${failedRuns.join(', ')}`);
console.log(`${total[0]} passed, ${total[1]} failed${total[2] ? `, ${total[2]} skipped` : ''}`);
process.exit(failedRuns.length ? 1 : 0);
