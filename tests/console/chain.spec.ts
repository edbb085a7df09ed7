import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS, K8S } from '../../contract/kodex.js';
import { issueLabeled } from '../../helpers/payloads.js';
import { scenario } from '../../helpers/scenario.js';
import { RunDetailsPage } from '../../pages/run-details-page.js';
import { RunsPage } from '../../pages/runs-page.js';

test('C1 one delivery followed through DB, Kubernetes and the console', { tag: ['@critical'], annotation: scenario('C1') }, async ({ gate, webhook, world, kube, waiter, consoleAs, admin }, testInfo) => {
  // given: the Runs page is open, and will not be reloaded
  const page = await consoleAs(admin);
  const runs = new RunsPage(page);
  await runs.open();
  await page.evaluate(() => { (window as any).__kodexGateNoReload = true; });

  // when: a trigger delivery arrives (slow where the target allows, so the page sees it change)
  const issue = world.nextIssue();
  const otherLabels = gate.slowLabel ? [gate.slowLabel] : [];
  const res = await webhook.send({ event: 'issues', body: issueLabeled({ repo: world.repo, issueNumber: issue, label: 'run:dev', otherLabels, sender: world.sender.login }) });
  expect(res.status).toBe(202);
  const runId: string = res.json.run_id;
  await testInfo.attach('run_id', { body: runId, contentType: 'text/plain' });

  // then: the run appears live and its chip turns succeeded without a reload
  await expect(runs.row(runId), 'the new run appears in /runs without a reload').toBeVisible({ timeout: gate.runTimeoutMs });
  const run = await waiter.until({ runId }, 'succeeded');
  await expect(runs.statusChip(runId, 'succeeded'), 'the status chip turns succeeded live').toBeVisible({ timeout: 10_000 });
  expect(await page.evaluate(() => (window as any).__kodexGateNoReload), 'the page was not reloaded').toBe(true);

  // and: Kubernetes holds the run's Job
  const jobs = await kube.jobsOfRun(run.id);
  expect(jobs, 'the run\'s Job exists in the cluster').toHaveLength(1);
  const namespace = jobs[0].metadata!.namespace!;
  expect(jobs[0].metadata?.name).toBe(K8S.jobName(run.id));

  // and: the details page shows status, flow events and the Job
  await runs.openDetails(runId);
  const details = new RunDetailsPage(page);
  await details.expectLoaded('Run Details', 'Run details');
  await expect(details.statusChip('succeeded')).toBeVisible();
  await expect(details.realtimeConnected()).toBeVisible();
  await expect(details.flowEventsHeading()).toBeVisible();
  await expect(details.flowEvent(FLOW_EVENTS.runStarted)).toBeVisible();
  await expect(details.flowEvent(FLOW_EVENTS.runSucceeded)).toBeVisible();
  await expect(details.value(K8S.jobName(run.id)), 'the Job name').toBeVisible();
  await expect(details.value(namespace), 'the Job namespace').toBeVisible();
  await testInfo.attach('run-details', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});
