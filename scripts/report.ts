import path from 'node:path';
import { buildAllureReport } from '../helpers/runner/allure-report.js';
import { ROOT, runSettings } from '../helpers/runner/config.js';

/**
 * `npm run report`: allure-report/index.html from allure-results: the decision on its first screen, the quality gate
 * evaluated into it, the history (GATE_HISTORY_DIR) and Playwright's trace viewer next to it.
 */
const { allureResultsDir, historyDir } = runSettings();
const failed = await buildAllureReport(allureResultsDir, path.join(ROOT, 'allure-report'), historyDir);
console.log(
  `allure-report/index.html written (history in ${path.relative(ROOT, historyDir) || '.'}); quality gate: ${failed.length ? failed.join('; ') : 'passed'}`,
);
