import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AllureReport, readConfig } from '@allurereport/core';
import { criticalQualityGate } from '../../allurerc.mjs';
import { ROOT } from './config.js';
import { appendHistory, readHistory, sinceLastGo, type HistoryEntry, type ScenarioStatus } from './gate-history.js';
import { BANNER_STYLE, ownerBanner, reportName } from './owner-banner.js';
import { readGateRun, type GateRunRecord } from './report-inputs.js';
import { rewriteReportHtml, shipTraceViewer } from './report-html.js';

// Allure's quality gate calls Iterator.prototype.toArray (Node ≥ 22); on Node 20 it is added here.
const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([].values()));
iteratorPrototype.toArray ??= function toArray(this: Iterable<unknown>) {
  return [...this];
};

const statusOf = (e: { outcome: string; ran?: boolean }): ScenarioStatus =>
  e.ran === false
    ? 'not run'
    : (({ expected: 'passed', unexpected: 'failed', flaky: 'flaky', skipped: 'skipped' } as const)[
        e.outcome as 'expected'
      ] ?? 'failed');

function historyEntry(run: GateRunRecord): HistoryEntry | undefined {
  if (!run.verdict || !run.results) return undefined;
  const scenarios: Record<string, ScenarioStatus> = {};
  for (const e of run.results.entries) if (e.id) scenarios[e.id] = statusOf(e);
  return {
    started_at: run.results.started_at,
    finished_at: run.results.finished_at,
    decision: run.verdict.decision,
    scenarios,
  };
}

/**
 * The single-file Allure report of a results folder: the decision in its name and on a banner above the tree, the
 * quality gate evaluated into it (`allure generate` leaves the Quality Gates tab empty: only `allure run` evaluates
 * the rules), the gate's history (Allure's and the gate's own, in `historyDir`), no request leaving the file, and
 * Playwright's trace viewer next to it. Returns the failed quality-gate rules.
 */
export async function buildAllureReport(
  resultsDir: string,
  outputDir: string,
  historyDir: string = ROOT,
): Promise<string[]> {
  const run = readGateRun(resultsDir);
  const history = readHistory(historyDir);
  const current = historyEntry(run);
  const changes = current ? sinceLastGo(history, current) : { runsSince: 0, newFailures: [], fixed: [], flaky: [] };
  const config = await readConfig(ROOT, 'allurerc.mjs', {
    output: outputDir,
    name: reportName(run),
    historyPath: path.join(historyDir, '.allure-history.jsonl'),
  });
  // The quality gate leaves out what the verdict triaged non-blocking, so the two never disagree.
  config.qualityGate = criticalQualityGate(run.verdict?.triaged.map((t) => t.scenario) ?? []);
  const report = new AllureReport(config);
  // A report of an earlier run must not survive in the folder (Allure then writes beside it, into awesome/).
  await rm(outputDir, { recursive: true, force: true });
  await report.start();
  await report.readDirectory(resultsDir);
  const { results } = report.hasQualityGate
    ? await report.validate({ trs: await report.store.allTestResults({ includeRetries: false }) })
    : { results: [] };
  report.realtimeDispatcher.sendQualityGateResults(results);
  await report.done();
  const file = path.join(outputDir, 'index.html');
  await writeFile(file, rewriteReportHtml(await readFile(file, 'utf8'), ownerBanner(run, changes), BANNER_STYLE));
  await shipTraceViewer(outputDir);
  if (current) await appendHistory(historyDir, history, current);
  return results.filter((r) => !r.success).map((r) => `${r.rule}: ${r.message}`);
}
