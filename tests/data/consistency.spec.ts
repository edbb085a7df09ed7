import { test, expect } from '../../fixtures/index.js';
import { issueLabeled } from '../../helpers/payloads.js';
import { scenario } from '../../helpers/scenario.js';

test('D1 no orphan rows: a deleted project takes its runs and flow events with it', { tag: ['@data'], annotation: scenario('D1') }, async ({ gate, world, staff, webhook, db, kube, waiter }) => {
  test.skip(gate.target !== 'local', 'needs a throwaway project with a bound repository (local stand)');
  // given: a throwaway project with a bound repository, a member sender and one finished run
  const project = await staff.createProject(`${world.marker}-d1`, 'kodex-gate D1');
  const repo = await staff.attachRepository(project.id, 'kodex-gate', `${world.marker}-d1`, `ghp_kodexgate_${world.marker.replace(/\W/g, '')}d1`);
  const senderId = (await db.userByEmail(world.sender.email!))!.id;
  await staff.addMember(project.id, senderId, 'read_write');
  const res = await webhook.send({ event: 'issues', body: issueLabeled({ repo: { id: repo.external_id, owner: 'kodex-gate', name: `${world.marker}-d1` }, issueNumber: world.nextIssue(), label: 'run:dev', sender: world.sender.login }) });
  expect(res.status).toBe(202);
  await waiter.until({ runId: res.json.run_id }, 'succeeded');
  // when: the project is deleted through the API (its run namespaces expire upstream; we remove them)
  await staff.deleteProject(project.id);
  for (const ns of await kube.namespacesWithLabels({ 'kodex.works/project-id': project.id })) await kube.deleteNamespace(ns);
  // then: nothing of it remains, and the platform-wide consistency checks hold
  expect(await db.runById(res.json.run_id), 'the run went with its project').toBeUndefined();
  expect((await db.flowEvents(res.deliveryId)).filter((e) => !e.event_type.startsWith('webhook.')), 'its run.* flow events went too').toEqual([]);
  expect(await db.orphans(process.env.GATE_RUN_ID!), 'no orphan or inconsistent rows among this run\'s deliveries').toEqual({
    flow_events_without_run: 0, slots_leased_by_terminal_run: 0, terminal_runs_without_finished_at: 0, terminal_runs_holding_lease: 0,
    running_runs_without_started_at: 0, leased_slots_without_lease_until: 0, runs_with_unknown_agent: 0,
  });
});
