/**
 * Wall time of the @critical gate on this machine, the stand's boot included:
 * `npm run bench` (runs it N times with BENCH_RUNS, default 3, and prints each and the median).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const times: number[] = [];
for (let i = 1; i <= runs; i++) {
  const t0 = Date.now();
  const res = spawnSync(process.execPath, [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--grep', '@critical', '--reporter=dot'], {
    cwd: root, env: { ...process.env, CI: '' }, encoding: 'utf8',
  });
  const ms = Date.now() - t0;
  const summary = (res.stdout ?? '').trim().split('\n').pop();
  console.log(`run ${i}: ${(ms / 1000).toFixed(1)} s  exit ${res.status}  ${summary}`);
  if (res.status !== 0) process.exitCode = 1;
  times.push(ms);
}
times.sort((a, b) => a - b);
console.log(`@critical wall time incl. stand boot: median ${(times[Math.floor(times.length / 2)] / 1000).toFixed(1)} s over ${runs} runs (budget 30 s)`);
