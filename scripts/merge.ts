import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildAllureReport } from '../helpers/runner/allure-report.js';
import { loadGateConfig, ROOT, runSettings } from '../helpers/runner/config.js';
import { publishVerdict } from '../reporters/release-check.js';
import { attachToAllure, RESULTS_FILE, writeOutputs, type RunResults } from '../reporters/report-writer.js';
import { SHARD_ALLURE_DIR } from '../reporters/shard-copy.js';
import { mergeResults } from './merge-results.js';

/**
 * `npm run merge -- <shard report dir>...`: one verdict.json, regression-report.md and Allure report from
 * the gate reporter's per-shard results (each shard's GATE_REPORT_DIR, with its allure-results copy).
 * Output: GATE_REPORT_DIR (default gate-report/) and allure-results/ → allure-report/.
 */
const dirs = process.argv.slice(2).map((d) => path.resolve(d));
if (!dirs.length) {
  console.error('usage: npm run merge -- <shard report dir> <shard report dir> ...');
  process.exit(2);
}
const shards: RunResults[] = dirs.map((d) => {
  const file = path.join(d, RESULTS_FILE);
  if (!existsSync(file)) {
    console.error(`merge: ${file} is missing (is ${d} a shard's GATE_REPORT_DIR?)`);
    process.exit(2);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
});
const { reportDir: out, allureResultsDir: allure, historyDir, releaseSha } = runSettings();
if (dirs.includes(out)) {
  console.error(`merge: the output dir ${out} is one of the shard dirs; set GATE_REPORT_DIR elsewhere`);
  process.exit(2);
}

// Allure: every shard's results, without the shards' own (INCOMPLETE) verdict attachments.
await rm(allure, { recursive: true, force: true });
await mkdir(allure, { recursive: true });
for (const d of dirs) {
  const from = path.join(d, SHARD_ALLURE_DIR);
  const files = existsSync(from) ? await readdir(from) : [];
  const skip = new Set<string>();
  for (const f of files.filter((n) => n.endsWith('-globals.json'))) {
    skip.add(f);
    for (const a of JSON.parse(await readFile(path.join(from, f), 'utf8')).attachments ?? []) skip.add(a.source);
  }
  for (const f of files.filter((n) => !skip.has(n))) await copyFile(path.join(from, f), path.join(allure, f));
}
const merged = mergeResults(shards);
const verdict = await writeOutputs(out, merged);
await attachToAllure(allure, out);
// The same report as `npm run report`: the decision on its first screen, the quality gate, the history.
const failedRules = await buildAllureReport(allure, path.join(ROOT, 'allure-report'), historyDir);
if (failedRules.length) console.log(`quality gate: ${failedRules.join('; ')}`);
// The decision where the release happens: the shards never publish, the merge does (GATE_RELEASE_SHA).
if (releaseSha) {
  try {
    const published = await publishVerdict(loadGateConfig(), verdict, merged.entries);
    if (published) console.log(`kodex-gate: published ${published}`);
  } catch (err) {
    console.error(`merge: the merged verdict could not be published on GATE_RELEASE_SHA: ${(err as Error).message}`);
    process.exit(1);
  }
}
console.log(
  `kodex-gate merged verdict (${dirs.length} shards): ${verdict.decision}${verdict.reasons.length ? `\n  - ${verdict.reasons.join('\n  - ')}` : ''}` +
    `${verdict.not_run.length ? `\n  not run: ${verdict.not_run.join(', ')}` : ''}\n  ${path.relative(process.cwd(), out)}/verdict.json, regression-report.md; allure-report/`,
);
process.exit(verdict.decision === 'GO' ? 0 : 1);
