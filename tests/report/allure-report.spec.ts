import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { runSettings } from '../../helpers/runner/config.js';
import { AllureReportPage } from './allure-report-page.js';
import { gateRunWithReport, recordedGoRun, reportWorkspace, type ReportRun } from './report-run.js';

/**
 * The regression report as the owner opens it, offline: a GO run, then a red gate run (B1: an endpoint that must
 * not accept connections does), each built into the single file the way `npm run report` builds it, sharing one
 * history. The first screen says the decision; the tree is grouped by gate group and gate item.
 */
let green: ReportRun;
let red: ReportRun;
test.describe.configure({ mode: 'serial', timeout: 3 * 60_000 });
test.beforeAll(async () => {
  test.setTimeout(5 * 60_000);
  const dir = await reportWorkspace();
  const history = path.join(dir, 'history');
  green = await recordedGoRun(dir, 'green', history);
  red = await gateRunWithReport(dir, 'red', history, {
    GATE_KUBE_PUBLIC_ENDPOINTS: `127.0.0.1:${runSettings().standPort}`,
  });
});
const results = (run: ReportRun) =>
  (existsSync(run.resultsDir) ? readdirSync(run.resultsDir) : [])
    .filter((f) => f.endsWith('-result.json'))
    .map(
      (f) =>
        JSON.parse(readFileSync(path.join(run.resultsDir, f), 'utf8')) as {
          labels: { name: string; value: string }[];
        },
    );
const label = (r: { labels: { name: string; value: string }[] }, name: string) =>
  r.labels.find((l) => l.name === name)?.value ?? '';

test('a red run opens on NO-GO with the failed gate item and its first error, on the first screen', async ({
  page,
}) => {
  const report = new AllureReportPage(page);
  // when: the owner opens the red run's report
  await report.open(red.reportFile);
  // then: the first screen says NO-GO, names the failed gate item and scenario, and says why
  await expect(report.decision(), 'the decision is on the first screen').toHaveText('NO-GO');
  await expect(report.decision()).toBeInViewport();
  await expect(report.banner(), 'the failed gate item and its scenario').toContainText('Security boundary · B1 failed');
  await expect(report.banner(), 'its first error').toContainText('nothing accepts connections on 127.0.0.1');
  await expect(report.banner(), 'the GO rule, as the gate states it').toContainText('GO only when every @critical');
  expect(await report.title(), 'the report name carries the decision').toMatch(/^kodex-gate NO-GO: B1 failed/);
  // and: the regression report reads in full
  const md = await report.openRegressionReport();
  await expect(md, 'the regression report, Defects included').toContainText('## Defects');
  await expect(md).toContainText('## Next sprint');
});

test('a GO run opens on GO', async ({ page }) => {
  const report = new AllureReportPage(page);
  await report.open(green.reportFile);
  await expect(report.decision(), 'the decision is on the first screen').toHaveText('GO');
  await expect(report.decision()).toBeInViewport();
  await expect(report.banner(), 'nothing failed').toContainText('Failed gate items');
  expect(await report.title()).toMatch(/^kodex-gate GO: every @critical scenario passed/);
});

test('after a GO and a red run, the red report shows what is new since the last GO', async ({ page }) => {
  const report = new AllureReportPage(page);
  await report.open(red.reportFile);
  await expect(report.sinceLastGo(), 'B1 is a new failure since the GO before it').toContainText('New failures: B1');
  await expect(report.banner(), 'the last GO is named').not.toContainText('none in the history yet');
});

test('the report makes no request outside its file', async ({ page }) => {
  const report = new AllureReportPage(page);
  await report.open(red.reportFile);
  await report.openTab(report.qualityGateTab());
  await report.openTab(report.globalAttachmentsTab());
  expect(report.leftTheFile, 'no request left the file (analytics, fonts, an online trace viewer)').toEqual([]);
  expect(
    existsSync(path.join(path.dirname(red.reportFile), 'trace-viewer', 'index.html')),
    "Playwright's trace viewer ships next to the report",
  ).toBe(true);
});

test('the tree is grouped by gate group in priority order, then gate item, not by file path', async ({ page }) => {
  const report = new AllureReportPage(page);
  await report.open(green.reportFile);
  const groups = [...new Set(results(green).map((r) => label(r, 'epic')))].sort();
  const sections = await report.sectionTitles();
  expect(
    sections.filter((s) => groups.includes(s)),
    'P0, then the security boundary, NFR, Day 7',
  ).toEqual(groups);
  expect(groups[0], 'P0 comes first').toMatch(/P0 must pass/);
  for (const r of results(green)) {
    await report.openGroup(label(r, 'epic'), label(r, 'feature'));
  }
  expect(
    (await report.sectionTitles()).filter((s) => /\.spec\.ts|^tests\//.test(s)),
    'no section of the tree is a spec file path',
  ).toEqual([]);
});

test('the report carries the quality gate that mirrors the GO rule', async ({ page }) => {
  const report = new AllureReportPage(page);
  await report.open(red.reportFile);
  const text = await report.openTab(report.qualityGateTab());
  for (const rule of ['critical/maxFailures', 'critical/maxFlaky', 'critical/exactTestsCount']) {
    expect(text, `the quality gate lists the rule ${rule}`).toContain(rule);
  }
});
