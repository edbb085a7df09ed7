import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { AllureReportPage } from './allure-report-page.js';
import { gateRunWithReport, type ReportRun } from './report-run.js';

/**
 * The regression report as a reader opens it: a gate run's allure-results, built into the single file the way
 * `npm run report` builds it. Its tree is grouped by gate item, its quality gate mirrors the GO rule, and it
 * carries the verdict.
 */
let run: ReportRun;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  test.setTimeout(4 * 60_000);
  run = await gateRunWithReport();
});
const results = () =>
  (existsSync(run.resultsDir) ? readdirSync(run.resultsDir) : [])
    .filter((f) => f.endsWith('-result.json'))
    .map(
      (f) =>
        JSON.parse(readFileSync(path.join(run.resultsDir, f), 'utf8')) as {
          name: string;
          labels: { name: string; value: string }[];
        },
    );
const label = (r: { labels: { name: string; value: string }[] }, name: string) =>
  r.labels.find((l) => l.name === name)?.value ?? '';
/** Gate group (epic) → its gate items (features), as the results carry them. */
const itemsByGroup = () => {
  const groups = new Map<string, string[]>();
  for (const r of results()) {
    const items = groups.get(label(r, 'epic')) ?? [];
    if (!items.includes(label(r, 'feature'))) items.push(label(r, 'feature'));
    groups.set(label(r, 'epic'), items);
  }
  return groups;
};

test.beforeEach(() => {
  expect(existsSync(run.reportFile), 'the Allure report was built').toBe(true);
  expect(results().length, 'allure-results holds the gate run the report was built from').toBeGreaterThan(0);
});

test('the report tree is grouped by gate group, gate item and scenario, not by file path', async ({ page }) => {
  const report = new AllureReportPage(page);
  await report.open(run.reportFile);
  // then: each gate group is a top-level section, and opened it shows its gate items
  for (const [group, items] of itemsByGroup()) {
    await expect(report.section(group), `the gate group "${group}" is a section of the tree`).toBeVisible();
    await report.openGroup(group, items[0]);
    for (const item of items)
      await expect(report.section(item), `the gate item "${item}" is a section under "${group}"`).toBeVisible();
  }
  const sections = await report.sectionTitles();
  expect(
    sections.filter((s) => /\.spec\.ts|^tests\//.test(s)),
    'no section of the tree is a spec file path',
  ).toEqual([]);
});

test('the report carries the quality gate that mirrors the GO rule', async ({ page }) => {
  const report = new AllureReportPage(page);
  await report.open(run.reportFile);
  await expect(report.qualityGateTab(), "the Quality Gates tab counts the GO rule's checks").not.toHaveText(
    /Quality Gates\s*0$/,
  );
  const text = await report.openTab(report.qualityGateTab());
  for (const rule of ['critical/maxFailures', 'critical/maxFlaky', 'critical/exactTestsCount']) {
    expect(text, `the quality gate lists the rule ${rule}`).toContain(rule);
  }
});

test('the report shows the gate verdict as a global attachment', async ({ page }) => {
  const report = new AllureReportPage(page);
  await report.open(run.reportFile);
  expect(await report.openTab(report.globalAttachmentsTab()), 'the verdict is among the global attachments').toContain(
    'verdict',
  );
});
