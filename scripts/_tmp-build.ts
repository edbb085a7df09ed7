import { buildAllureReport } from '../helpers/runner/allure-report.js';
const [results, out, hist] = process.argv.slice(2);
console.log(await buildAllureReport(results, out, hist));
