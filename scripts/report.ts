import { readFile, writeFile } from 'node:fs/promises';
import { AllureReport, readConfig } from '@allurereport/core';

/**
 * `npm run report`: the Allure report of allure-results with its quality gate evaluated into it.
 * (`allure generate` leaves the report's Quality Gates tab empty: only `allure run` evaluates the rules.)
 */
// Allure's quality gate calls Iterator.prototype.toArray (Node ≥ 22); on Node 20 it is added here.
const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([].values()));
iteratorPrototype.toArray ??= function toArray(this: Iterable<unknown>) {
  return [...this];
};

const config = await readConfig(process.cwd(), 'allurerc.mjs');
const report = new AllureReport(config);
await report.start();
await report.readDirectory('allure-results');
const { results } = report.hasQualityGate
  ? await report.validate({ trs: await report.store.allTestResults({ includeRetries: false }) })
  : { results: [] };
report.realtimeDispatcher.sendQualityGateResults(results);
await report.done();

// The single file defines window.allureReportData only after the app script, which then sometimes looks for
// its data on disk (fetch of file:// fails: an empty report). Defining it first makes the app wait for the data.
const file = 'allure-report/index.html';
const html = await readFile(file, 'utf8');
await writeFile(
  file,
  html.replace('<head>', '<head><script>window.allureReportData = window.allureReportData || {};</script>'),
);
const failed = results.filter((r) => !r.success);
console.log(
  `allure-report/index.html written; quality gate: ${failed.length ? failed.map((r) => `${r.rule}: ${r.message}`).join('; ') : 'passed'}`,
);
