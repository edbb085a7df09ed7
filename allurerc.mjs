// Allure 3: one offline HTML file from allure-results (`npm run report`, scripts/report.ts).
import { readFileSync } from 'node:fs';

/** The @critical scenarios of regression-matrix.md: the GO rule needs every one of them run. */
const criticalInMatrix = readFileSync(new URL('./regression-matrix.md', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => /^\|\s*[A-Z]\d+\s*\|/.test(l) && l.split('|')[5].includes('@critical')).length;

const isCritical = (tr) => tr.labels.some((l) => l.name === 'tag' && /^@?critical$/.test(l.value));

/** Quality gate rules beyond Allure's defaults: flaky results, and an exact count. */
const maxFlaky = {
  rule: 'maxFlaky',
  message: ({ actual, expected }) => `${actual} flaky test(s), at most ${expected} allowed`,
  validate: async ({ trs, expected }) => {
    const flaky = trs.filter((tr) => tr.flaky);
    return { success: flaky.length <= expected, actual: flaky.length, testResults: flaky.map((tr) => tr.id) };
  },
};
const exactTestsCount = {
  rule: 'exactTestsCount',
  message: ({ actual, expected }) => `${actual} test(s) ran where the regression matrix lists ${expected}`,
  validate: async ({ trs, expected }) => ({ success: trs.length === expected, actual: trs.length, testResults: [] }),
};

export default {
  name: 'kodex-gate regression report',
  output: './allure-report',
  historyPath: './.allure-history.jsonl',
  plugins: {
    // The tree by gate group → gate item → scenario (labels set in fixtures/index.ts allureLabels).
    awesome: { options: { singleFile: true, reportLanguage: 'en', groupBy: ['epic', 'feature', 'story'] } },
  },
  // The GO rule (docs/ and gate-report/verdict.json): no failed or flaky @critical, and every @critical of the matrix ran.
  qualityGate: {
    rules: [{ id: 'critical', filter: isCritical, maxFailures: 0, maxFlaky: 0, exactTestsCount: criticalInMatrix }],
    use: [
      {
        rule: 'maxFailures',
        message: ({ actual, expected }) => `${actual} failed @critical test(s), at most ${expected} allowed`,
        validate: async ({ trs, expected }) => {
          const failed = trs.filter((tr) => !['passed', 'skipped'].includes(tr.status));
          return { success: failed.length <= expected, actual: failed.length, testResults: failed.map((tr) => tr.id) };
        },
      },
      maxFlaky,
      exactTestsCount,
    ],
  },
};
