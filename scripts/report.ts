import { AllureReport, readConfig } from '@allurereport/core';

/**
 * `npm run report`: the Allure report of allure-results with its quality gate evaluated into it.
 * (`allure generate` leaves the report's Quality Gates tab empty: only `allure run` evaluates the rules.)
 */
const config = await readConfig(process.cwd(), 'allurerc.mjs');
const report = new AllureReport(config);
await report.start();
await report.readDirectory('allure-results');
const { results } = await report.validate({ trs: await report.store.allTestResults({ includeRetries: false }) });
report.realtimeDispatcher.sendQualityGateResults(results);
await report.done();
const failed = results.filter((r) => !r.success);
console.log(`allure-report/index.html written; quality gate: ${failed.length ? failed.map((r) => `${r.rule}: ${r.message}`).join('; ') : 'passed'}`);
