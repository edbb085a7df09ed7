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

/** A scenario's result that a valid triage record made non-blocking (verdict.json `triaged`). */
const triagedIn = (tr, triaged) => tr.labels.some((l) => l.name === 'scenario' && triaged.includes(l.value));

/**
 * The GO rule (docs/ and gate-report/verdict.json): no failed or flaky @critical, and every @critical of the matrix
 * ran. A red P1 scenario with a valid triage record (`triaged`, scenario IDs) does not count, as in the verdict;
 * helpers/runner/allure-report.ts hands them over from the run's verdict.
 */
export function criticalQualityGate(triaged = []) {
  return {
    rules: [{ id: 'critical', filter: isCritical, maxFailures: 0, maxFlaky: 0, exactTestsCount: criticalInMatrix }],
    use: [
      {
        rule: 'maxFailures',
        message: ({ actual, expected }) =>
          `${actual} failed @critical test(s) not triaged non-blocking, at most ${expected} allowed`,
        validate: async ({ trs, expected }) => {
          const failed = trs.filter((tr) => !['passed', 'skipped'].includes(tr.status) && !triagedIn(tr, triaged));
          return { success: failed.length <= expected, actual: failed.length, testResults: failed.map((tr) => tr.id) };
        },
      },
      maxFlaky,
      exactTestsCount,
    ],
  };
}

export default {
  // helpers/runner/allure-report.ts puts the decision in front of it ("kodex-gate NO-GO: …") and the history where
  // GATE_HISTORY_DIR says (CI keeps that folder between runs).
  name: 'kodex-gate regression report',
  output: './allure-report',
  historyPath: './.allure-history.jsonl',
  plugins: {
    // The tree by gate group → gate item → scenario (labels set in fixtures/index.ts allureLabels); the groups'
    // names sort in the owner's order (P0, security boundary, NFR, Day 7, P1).
    awesome: {
      options: {
        singleFile: true,
        reportLanguage: 'en',
        groupBy: ['epic', 'feature'],
        defaultSortBy: 'name,asc',
        stepTreeExpansion: 'expand_failed_only',
      },
    },
  },
  // First match wins: an unreachable target is infrastructure even inside an expect.
  categories: [
    {
      name: 'Infrastructure problem',
      matchedStatuses: ['broken', 'failed'],
      messageRegex:
        '[\\s\\S]*(ECONNREFUSED|ETIMEDOUT|ENOTFOUND|socket hang up|configuration .* is invalid|kubeconfig)[\\s\\S]*',
    },
    {
      name: 'Product defect',
      matchedStatuses: ['failed'],
      messageRegex: '[\\s\\S]*(expect|toBe|toEqual|toHave|reach|ended|shows|must)[\\s\\S]*',
    },
    { name: 'Test defect', matchedStatuses: ['broken'] },
  ],
  qualityGate: criticalQualityGate(),
};
