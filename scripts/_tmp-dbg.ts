import { readGateRun } from '../helpers/runner/report-inputs.js';
const r = readGateRun(process.argv[2]);
console.log(!!r.verdict, !!r.results, !!r.regressionReport, r.results?.started_at);
