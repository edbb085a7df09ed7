/**
 * `npm run flake -- N` (default 20): runs @critical N times over one healthy stand (`--repeat-each N
 * --retries 0`), then prints the failures per test and the 95% upper bound on the failure rate, per test and
 * per whole @critical run (exact one-sided Clopper-Pearson; with 0 failures that is 1 - 0.05^(1/n), about
 * the rule of three, 3/n). Exits 1 when anything failed. Extra arguments go to Playwright.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT as root, runSettings } from '../helpers/runner/config.js';
import { clearVerdict } from '../helpers/runner/verdict-file.js';
const [rawN, ...extra] = process.argv.slice(2);
const n = Number(rawN ?? 20);
if (!Number.isInteger(n) || n < 1) {
  console.error(`usage: npm run flake -- N [playwright args]; N must be a positive integer, got "${rawN}"`);
  process.exit(2);
}

/** P(X <= k) for X ~ Binomial(n, p). */
function binomialCdf(k: number, trials: number, p: number): number {
  let term = (1 - p) ** trials; // P(X = 0)
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= ((trials - i + 1) / i) * (p / (1 - p));
    sum += term;
  }
  return sum;
}

/** One-sided 95% Clopper-Pearson upper bound on the failure rate after `k` failures in `trials`. */
export function upperBound95(k: number, trials: number): number {
  if (k >= trials) return 1;
  let lo = k / trials;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(k, trials, mid) > 0.05) lo = mid;
    else hi = mid;
  }
  return hi;
}

interface Mark {
  what: string;
  status?: string;
  outcome?: string;
  repeat?: number;
  error?: string;
}

// Outside test-results/: Playwright empties that folder after the reporter's onBegin.
const file = path.join(os.tmpdir(), `kodex-gate-flake-${process.pid}.jsonl`);
rmSync(file, { force: true });
const args = [
  'test',
  '--grep',
  '@critical',
  `--repeat-each=${n}`,
  '--retries=0',
  '--reporter=dot,./scripts/timeline-reporter.ts,./scripts/flake-progress.ts',
  ...extra,
];
// A flake run decides nothing: it leaves no verdict, and never the one of the run before.
clearVerdict(runSettings().reportDir);
console.log(
  `flake: @critical x ${n} over one stand: playwright ${args.join(' ')}\n` +
    `  (no verdict: gate-report/verdict.json is removed; a @critical run takes about 4 min on 2 shared cores, so x ${n} about ${4 * n} min)`,
);
const child = spawn(process.execPath, [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), ...args], {
  cwd: root,
  env: { ...process.env, CI: '', BENCH_TIMELINE: file },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const code: number | null = await new Promise((resolve) => child.on('close', resolve));

const marks: Mark[] = existsSync(file)
  ? readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  : [];
const tests = marks.filter((m) => m.outcome);
if (!tests.length) {
  console.error(`flake: no test results (playwright exited ${code})`);
  process.exit(1);
}
const failed = (m: Mark) => m.outcome === 'unexpected' || m.outcome === 'flaky';
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const byTest = new Map<string, Mark[]>();
for (const m of tests) byTest.set(m.what, [...(byTest.get(m.what) ?? []), m]);

console.log('\nfailures per test (95% upper bound on its failure rate)');
for (const [title, results] of [...byTest].sort()) {
  const ran = results.filter((r) => r.outcome !== 'skipped');
  const bad = ran.filter(failed);
  console.log(
    `  ${String(bad.length).padStart(3)}/${String(ran.length).padEnd(3)} ≤ ${pct(upperBound95(bad.length, ran.length)).padStart(6)}  ${title}`,
  );
  for (const b of bad) console.log(`        repeat ${b.repeat}: ${b.error ?? b.status}`);
}
// A whole @critical run fails when any of its tests does; repeat i of every test forms run i.
const badRuns = new Set(tests.filter(failed).map((m) => m.repeat)).size;
const missing = [...byTest.values()].some((r) => r.length < n);
console.log(
  `\n@critical runs: ${badRuns}/${n} failed; 95% upper bound on the per-run failure rate: ${pct(upperBound95(badRuns, n))}` +
    ` (rule of three with 0 failures: ${pct(Math.min(1, 3 / n))})${missing ? '; some repeats did not run (see above)' : ''}`,
);
process.exit(badRuns || missing || code !== 0 ? 1 : 0);
