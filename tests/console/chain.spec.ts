import { test, expect } from '../../fixtures/index.js';
import { FLOW_EVENTS, K8S } from '../../contract/kodex.js';
import { scenario } from '../../helpers/checks/scenario.js';

test(
  'C1 one delivery followed through DB, Kubernetes and the console',
  { tag: ['@critical'], annotation: scenario('C1') },
  async ({ gate, webhook, world, kube, waiter, consoleAs, admin, runsList }, testInfo) => {
    // given: the Runs page is open, and will not be reloaded; a second tab will open Run Details
    const { runs } = await consoleAs(admin);
    await runs.open();
    await runs.markNoReload();
    const details = (await consoleAs(admin)).runDetails;

    // when: a trigger delivery arrives for an issue whose gate agent is held running until the pages have seen it
    // going (the Runs list is ours until the run turns succeeded there: kodex lists the newest 20 runs)
    const issue = await world.issue({ hold: true, durationMs: gate.runTimeoutMs });
    await runsList.hold('C1');
    const { runId } = await webhook.trigger({ issue: issue.number, otherLabels: issue.labels });
    await testInfo.attach('run_id', { body: runId, contentType: 'text/plain' });

    // and: its Run Details page is opened while the run is still going
    await details.open(runId);
    await details.markNoReload();
    await expect(
      details.statusChip('pending').or(details.statusChip('running')),
      'Run Details opened while the run is still going',
    ).toBeVisible();

    // then: the run appears on Runs live, still going
    await expect(runs.row(runId), 'the new run appears in /runs without a reload').toBeVisible({
      timeout: gate.runTimeoutMs,
    });
    await expect(
      runs.statusChip(runId, 'pending').or(runs.statusChip(runId, 'running')),
      'the Runs row shows the run still going',
    ).toBeVisible();

    // and: once its gate agent is released, both pages turn succeeded without a reload
    await issue.release();
    await expect(runs.statusChip(runId, 'succeeded'), 'the Runs status chip turns succeeded live').toBeVisible({
      timeout: gate.runTimeoutMs,
    });
    await runsList.release();
    await expect(details.statusChip('succeeded'), 'Run Details turns succeeded live').toBeVisible({
      timeout: gate.runTimeoutMs,
    });
    const run = await waiter.until({ runId }, 'succeeded');
    expect(await runs.wasReloaded(), 'the Runs page was not reloaded').toBe(false);
    expect(await details.wasReloaded(), 'the Run Details page was not reloaded').toBe(false);

    // and: Kubernetes holds the run's Job
    const jobs = await kube.jobsOfRun(run.id);
    expect(jobs, "the run's Job exists in the cluster").toHaveLength(1);
    const namespace = jobs[0].metadata!.namespace!;
    expect(jobs[0].metadata?.name).toBe(K8S.jobName(run.id));

    // and: the details page shows the realtime link, the flow events and the run's namespace (kodex shows no Job name)
    await expect(details.realtimeConnected()).toBeVisible();
    await expect(details.flowEventsTitle()).toBeVisible();
    await expect(details.flowEvent(FLOW_EVENTS.runStarted), 'the run.started flow event').toBeVisible();
    await expect(details.flowEvent(FLOW_EVENTS.runSucceeded), 'the run.succeeded flow event').toBeVisible();
    await expect(details.value(namespace), 'the run namespace').toBeVisible();

    // and: the Runs page leads to the same details page
    await runs.openDetails(runId);
    await testInfo.attach('run-details', { body: await details.screenshot(), contentType: 'image/png' });
  },
);
