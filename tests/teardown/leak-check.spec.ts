import { test, expect } from '../../fixtures/index.js';

/** Runs after the gate project: nothing this gate run created may remain. */
test('no object marked by this gate run is left behind', async ({ gate, db, kube }) => {
  test.skip(gate.target === 'production', 'nothing is created on production');
  const marker = process.env.GATE_RUN_ID!;
  expect(await db.projectsWithSlugPrefix(marker), `projects with slug prefix ${marker}`).toEqual([]);
  expect(await db.usersWithEmailPrefix(marker), `users with email prefix ${marker}`).toEqual([]);
  const projects = new Set((await db.projectsWithSlugPrefix('')).map((p) => p.id));
  const orphaned = (await kube.jobsWithLabels({ 'app.kubernetes.io/managed-by': 'kodex-worker' }))
    .filter((j) => !projects.has(j.metadata?.labels?.['kodex.works/project-id'] ?? ''))
    .map((j) => `${j.metadata?.namespace}/${j.metadata?.name}`);
  expect(orphaned, 'run Jobs whose project no longer exists').toEqual([]);
});
