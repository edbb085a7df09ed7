/**
 * `npm run bench`: where the @critical gate's wall time goes, and how fast the suite sees a run end.
 * 1. Runs @critical BENCH_RUNS times (default 3), stand boot included, and prints a timeline per run from
 *    the stand's own boot marks (stderr), a timeline reporter (scripts/timeline-reporter.ts) and the exit; then
 *    per scenario its time, how much of it was spent waiting for the platform (awaited assertions) and how much
 *    was the suite's own work, and the wall time's ratio to the platform's critical path (the longest chain of
 *    platform waits in one scenario: no schedule of the suite can beat it).
 *    `-- --staging`: the same against the stand's staging profile (STAND_PROFILE=staging), booted once.
 * 2. Runs tests/nfr/detection.bench.ts: the run waiter's detection latency next to a 10 ms poll.
 * Prints tables, then one JSON object (with the core count and load). Nothing here is asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const staging = process.argv.includes('--staging');
const TARGET_MS = 20_000;
const DETECTION_TARGET_MS = 250;
// The config's reporters, plus the timeline one (a --reporter list replaces the config's).
const REPORTERS = [
  'list',
  './scripts/timeline-reporter.ts',
  'allure-playwright',
  'html',
  './reporters/gate-reporter.ts',
].join(',');

interface Line {
  at: number;
  text: string;
}
interface Mark {
  what: string;
  at: number;
  worker?: number;
  ms?: number;
  wait_ms?: number;
  status?: string;
  notes?: string[];
}

function runPlaywright(
  args: string[],
  env: Record<string, string>,
): Promise<{ lines: Line[]; code: number | null; t0: number; end: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [cli, 'test', ...args], {
    cwd: root,
    env: { ...process.env, CI: '', PLAYWRIGHT_HTML_OPEN: 'never', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  const collect = (chunk: Buffer) => {
    for (const text of chunk.toString().split('\n')) if (text.trim()) lines.push({ at: Date.now(), text });
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.on('close', (code) => resolve({ lines, code, t0, end: Date.now() })));
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.95) - 1)] ?? NaN;

type PlaywrightRun = Awaited<ReturnType<typeof runPlaywright>>;
type TimelineEvent = { at: number; what: string; ms?: number };
type ScenarioTime = ReturnType<typeof scenarioTimes>[number];

/** One @critical run with the timeline reporter; its output kept in a log file, its timeline marks read back. */
async function runCritical(i: number, targetEnv: Record<string, string>) {
  // Outside test-results/: Playwright empties that folder after the reporter's onBegin.
  const timelineFile = path.join(os.tmpdir(), `kodex-gate-bench-${process.pid}-${i}.jsonl`);
  rmSync(timelineFile, { force: true });
  const r = await runPlaywright(['--grep', '@critical', `--reporter=${REPORTERS}`], {
    ...targetEnv,
    BENCH_TIMELINE: timelineFile,
  });
  const logFile = path.join(os.tmpdir(), `kodex-gate-bench-${process.pid}-${i}.log`);
  writeFileSync(logFile, r.lines.map((l) => `${s(l.at - r.t0)} ${l.text}`).join('\n'));
  const marks: Mark[] = existsSync(timelineFile)
    ? readFileSync(timelineFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  return { r, marks, logFile };
}

/** The run's timeline, in ms from its start: the stand's boot marks, the timeline reporter's marks, the exit. */
function timelineEvents(r: PlaywrightRun, marks: Mark[]): TimelineEvent[] {
  const rel = (at: number) => at - r.t0;
  const events: TimelineEvent[] = [];
  const starting = r.lines.find((l) =>
    /\[stand\] \+\d+ ms starting \(node and modules loaded in (\d+) ms\)/.test(l.text),
  );
  if (starting)
    events.push({
      at: rel(starting.at) - Number(/loaded in (\d+) ms/.exec(starting.text)![1]),
      what: 'stand process spawned (config loaded)',
    });
  for (const l of r.lines) {
    const m = /\[stand\] \+(\d+) ms (.+)$/.exec(l.text);
    if (m && !m[2].startsWith('starting')) events.push({ at: rel(l.at), what: `stand: ${m[2]}` });
    if (/\[stand\] ready in/.test(l.text)) events.push({ at: rel(l.at), what: 'stand ready' });
  }
  for (const m of marks) {
    const who = m.worker === undefined ? '' : `[w${m.worker}] `;
    const notes = m.notes?.length ? ` {${[...new Set(m.notes)].join('; ')}}` : '';
    events.push({ at: rel(m.at), what: `${who}${m.what}${m.status ? ` (${m.status})` : ''}${notes}`, ms: m.ms });
  }
  events.push({ at: r.end - r.t0, what: `process exit ${r.code} (after reports, secret scan, stand stop)` });
  return events.sort((a, b) => a.at - b.at);
}

/** The run's phases, from process start to stand stop. */
function phasesOf(r: PlaywrightRun, tests: Mark[], events: TimelineEvent[]): Record<string, number> {
  const firstTest = Math.min(...tests.map((m) => m.at));
  const lastTestEnd = Math.max(...tests.map((m) => m.at + (m.ms ?? 0)));
  const at = (re: RegExp) => events.find((e) => re.test(e.what))?.at ?? NaN;
  return {
    'process start, config': at(/stand process spawned/),
    // The stand boots beside the global setup, the test collection and the worker start (standBooted).
    'stand boot (spawn → ready), overlapping what follows': at(/^stand ready/) - at(/stand process spawned/),
    'stand spawned → runner began (global setup, test collection)': at(/runner began/) - at(/stand process spawned/),
    'runner began → first test (worker start)': firstTest - r.t0 - at(/runner began/),
    'tests (first start → last end, incl. fixtures)': lastTestEnd - firstTest,
    'teardown, leak check, reports, stand stop': r.end - lastTestEnd,
  };
}

/** Per scenario: its start, time, time waiting for the platform and the suite's own work. */
function scenarioTimes(r: PlaywrightRun, tests: Mark[]) {
  return tests.map((m) => ({
    id: m.what.split(' ')[0],
    worker: m.worker,
    start_ms: m.at - r.t0,
    ms: m.ms ?? 0,
    platform_wait_ms: Math.round(m.wait_ms ?? 0),
    suite_work_ms: Math.round((m.ms ?? 0) - (m.wait_ms ?? 0)),
    status: m.status,
  }));
}

/** Prints one run: its timeline, its phases and, when it failed, its first error lines. */
function printRun(
  i: number,
  r: PlaywrightRun,
  events: TimelineEvent[],
  phases: Record<string, number>,
  logFile: string,
) {
  const wall = r.end - r.t0;
  console.log(
    `\n@critical run ${i}: ${s(wall)} s wall, exit ${r.code} (target ${s(TARGET_MS)} s, stand boot included)`,
  );
  console.log('  timeline (s from start)');
  for (const e of events)
    console.log(`  ${s(e.at).padStart(7)}  ${e.what}${e.ms !== undefined ? `  [${s(e.ms)} s]` : ''}`);
  console.log('  phases');
  for (const [k, v] of Object.entries(phases)) console.log(`  ${s(v).padStart(7)}  ${k}`);
  console.log(`  full output: ${logFile}`);
  if (r.code !== 0)
    console.log(
      r.lines
        .filter((l) => /error|Error|✘/.test(l.text))
        .slice(0, 15)
        .map((l) => `  | ${l.text}`)
        .join('\n'),
    );
}

/** Prints the scenarios, longest first, and the wall time's ratio to the platform's critical path. */
function printScenarios(scenarios: ScenarioTime[], wall: number, criticalPath: number) {
  console.log('  scenarios (s): start, time, waiting for the platform, suite work');
  console.log('  id     worker   start    time    wait    work');
  for (const x of [...scenarios].sort((a, b) => b.ms - a.ms))
    console.log(
      `  ${x.id.padEnd(5)}  w${String(x.worker).padEnd(5)} ${s(x.start_ms).padStart(7)} ${s(x.ms).padStart(7)} ${s(x.platform_wait_ms).padStart(7)} ${s(x.suite_work_ms).padStart(7)}${x.status === 'passed' ? '' : `  ${x.status}`}`,
    );
  console.log(
    `  critical path (longest platform wait of one scenario): ${s(criticalPath)} s; wall / critical path = ${(wall / Math.max(1, criticalPath)).toFixed(2)}`,
  );
}

async function benchCritical(i: number, targetEnv: Record<string, string>) {
  const { r, marks, logFile } = await runCritical(i, targetEnv);
  const wall = r.end - r.t0;
  const events = timelineEvents(r, marks);
  const tests = marks.filter((m) => m.status);
  const phases = phasesOf(r, tests, events);
  const worlds = marks.filter((m) => /fixture "world"/.test(m.what)).map((m) => m.ms ?? 0);
  printRun(i, r, events, phases, logFile);
  const scenarios = scenarioTimes(r, tests);
  const criticalPath = Math.max(0, ...scenarios.map((x) => x.platform_wait_ms));
  printScenarios(scenarios, wall, criticalPath);
  return {
    wall_ms: wall,
    critical_path_ms: criticalPath,
    ratio_to_critical_path: Number((wall / Math.max(1, criticalPath)).toFixed(2)),
    scenarios,
    exit: r.code,
    phases_ms: phases,
    world_build_ms: worlds,
    tests: tests.map((m) => ({ title: m.what, worker: m.worker, ms: m.ms, status: m.status })),
  };
}

async function benchDetection() {
  const file = path.join(os.tmpdir(), `kodex-gate-bench-${process.pid}-detection.json`);
  rmSync(file, { force: true });
  const r = await runPlaywright(['--config', 'scripts/bench.config.ts', '--workers=1'], { BENCH_DETECTION_FILE: file });
  if (!existsSync(file)) {
    console.log(
      `detection bench produced no samples (exit ${r.code}):\n${r.lines
        .slice(-15)
        .map((l) => `  | ${l.text}`)
        .join('\n')}`,
    );
    return undefined;
  }
  const samples: { waiter_ms: number; tight_poll_ms: number; platform_ms: number }[] = JSON.parse(
    readFileSync(file, 'utf8'),
  );
  const stat = (k: keyof (typeof samples)[number]) => ({
    median_ms: median(samples.map((x) => x[k])),
    p95_ms: p95(samples.map((x) => x[k])),
  });
  const result = {
    samples: samples.length,
    waiter: stat('waiter_ms'),
    tight_poll_10ms: stat('tight_poll_ms'),
    platform_run: stat('platform_ms'),
  };
  console.log(
    `\ndetection latency (terminal status written → seen), ${samples.length} runs, target median ≤ ${DETECTION_TARGET_MS} ms`,
  );
  console.log('  what                              median     p95');
  console.log(
    `  run waiter (fixtures/run-waiter)  ${String(result.waiter.median_ms).padStart(6)} ms ${String(result.waiter.p95_ms).padStart(6)} ms`,
  );
  console.log(
    `  10 ms poll (floor of polling)     ${String(result.tight_poll_10ms.median_ms).padStart(6)} ms ${String(result.tight_poll_10ms.p95_ms).padStart(6)} ms`,
  );
  console.log(
    `  platform: created → finished      ${String(result.platform_run.median_ms).padStart(6)} ms ${String(result.platform_run.p95_ms).padStart(6)} ms`,
  );
  return result;
}

/** `--staging`: the stand's staging profile, booted once; its env file is what the suite targets. */
async function stagingStand(): Promise<{ env: Record<string, string>; stop: () => void }> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'stand', 'start.mjs')], {
    cwd: root,
    env: { ...process.env, STAND_PROFILE: 'staging' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => child.kill('SIGTERM');
  const envFile = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /STAND_READY (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the staging stand exited (${code}) before STAND_READY`)));
  });
  const env = dotenv.parse(readFileSync(envFile));
  if (env.GATE_TARGET !== 'staging') {
    stop();
    throw new Error(`${envFile} targets "${env.GATE_TARGET}": this checkout's stand has no staging profile yet`);
  }
  return { env, stop };
}

const target = staging ? await stagingStand() : { env: {}, stop: () => {} };
const critical: Awaited<ReturnType<typeof benchCritical>>[] = [];
try {
  for (let i = 1; i <= runs; i++) critical.push(await benchCritical(i, target.env));
} finally {
  target.stop();
}
const detection = process.env.BENCH_SKIP_DETECTION ? undefined : await benchDetection();
const walls = critical.map((c) => c.wall_ms);
const load = os.loadavg().map((x) => x.toFixed(2));
const paths = critical.map((c) => c.critical_path_ms);
/** Per scenario, the median over the runs of its time, platform wait and suite work. */
const perScenario = [...new Set(critical.flatMap((c) => c.scenarios.map((x) => x.id)))].map((id) => {
  const of = critical.flatMap((c) => c.scenarios.filter((x) => x.id === id));
  return {
    id,
    median_ms: median(of.map((x) => x.ms)),
    median_platform_wait_ms: median(of.map((x) => x.platform_wait_ms)),
    median_suite_work_ms: median(of.map((x) => x.suite_work_ms)),
  };
});
console.log(`\nper scenario, median over ${runs} run(s) (s): time, waiting for the platform, suite work`);
for (const x of perScenario.sort((a, b) => b.median_ms - a.median_ms))
  console.log(
    `  ${x.id.padEnd(5)} ${s(x.median_ms).padStart(7)} ${s(x.median_platform_wait_ms).padStart(7)} ${s(x.median_suite_work_ms).padStart(7)}`,
  );
console.log(
  `\n@critical wall time${staging ? ' on the staging profile' : ', stand boot included'}: median ${s(median(walls))} s over ${runs} run(s) (target ${s(TARGET_MS)} s; run 1 ${s(walls[0])} s); platform critical path median ${s(median(paths))} s, ratio ${(median(walls) / Math.max(1, median(paths))).toFixed(2)} (target ≤ 1.5)`,
);
console.log(
  `machine: ${os.cpus().length} cores, load ${load.join(' ')}; a load near or above the core count means the figures are polluted by other work`,
);
console.log(
  JSON.stringify(
    {
      cores: os.cpus().length,
      loadavg: load,
      target_ms: TARGET_MS,
      profile: staging ? 'staging' : 'local',
      median_wall_ms: median(walls),
      median_critical_path_ms: median(paths),
      ratio_to_critical_path: Number((median(walls) / Math.max(1, median(paths))).toFixed(2)),
      per_scenario: perScenario,
      critical,
      detection,
    },
    null,
    2,
  ),
);
if (critical.some((c) => c.exit !== 0)) process.exitCode = 1;
