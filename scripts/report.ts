import path from 'node:path';
import { buildAllureReport } from '../helpers/runner/allure-report.js';
import { ROOT, runSettings } from '../helpers/runner/config.js';

/** `npm run report`: allure-report/index.html from allure-results, with the quality gate evaluated into it. */
const failed = await buildAllureReport(runSettings().allureResultsDir, path.join(ROOT, 'allure-report'));
console.log(`allure-report/index.html written; quality gate: ${failed.length ? failed.join('; ') : 'passed'}`);
