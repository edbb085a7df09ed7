import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AllureReport, readConfig } from '@allurereport/core';
import { ROOT } from './config.js';

// Allure's quality gate calls Iterator.prototype.toArray (Node ≥ 22); on Node 20 it is added here.
const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([].values()));
iteratorPrototype.toArray ??= function toArray(this: Iterable<unknown>) {
  return [...this];
};

/**
 * The single-file Allure report of a results folder, with its quality gate evaluated into it (`allure generate`
 * leaves the Quality Gates tab empty: only `allure run` evaluates the rules). Returns the failed rules.
 */
export async function buildAllureReport(resultsDir: string, outputDir: string): Promise<string[]> {
  const report = new AllureReport(await readConfig(ROOT, 'allurerc.mjs', { output: outputDir }));
  await report.start();
  await report.readDirectory(resultsDir);
  const { results } = report.hasQualityGate
    ? await report.validate({ trs: await report.store.allTestResults({ includeRetries: false }) })
    : { results: [] };
  report.realtimeDispatcher.sendQualityGateResults(results);
  await report.done();
  // The single file defines window.allureReportData only after the app script, which then sometimes looks for
  // its data on disk (fetch of file:// fails: an empty report). Defining it first makes the app wait for the data.
  const file = path.join(outputDir, 'index.html');
  const html = await readFile(file, 'utf8');
  await writeFile(
    file,
    html.replace('<head>', '<head><script>window.allureReportData = window.allureReportData || {};</script>'),
  );
  return results.filter((r) => !r.success).map((r) => `${r.rule}: ${r.message}`);
}
