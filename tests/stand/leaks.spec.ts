import { test, expect } from '../../fixtures/index.js';
import { findLeaks } from '../../helpers/checks/leaks.js';

/** The global teardown's leak check: what carries the run's marker and is still there is reported. */
test('a leftover project, user and repository carrying the marker are reported, and nothing once removed', async ({
  gate,
  staff,
}) => {
  const marker = `kodex-gate-leaktest-${Date.now().toString(36)}`;
  expect(await findLeaks(gate, marker), 'nothing carries a fresh marker').toEqual([]);
  const project = await staff.createProject(marker, `leak test ${marker}`);
  const user = await staff.createUser(`${marker}-u@kodex-gate.test`, false);
  try {
    await staff.attachRepository(project.id, 'kodex-gate', marker, `ghp_kodexgate_${marker.replace(/\W/g, '')}`);
    const leaks = await findLeaks(gate, marker);
    expect(leaks, 'the leftovers are named').toEqual(
      expect.arrayContaining([
        `project ${marker}`,
        `user ${marker}-u@kodex-gate.test`,
        `repository kodex-gate/${marker}`,
      ]),
    );
  } finally {
    await staff.deleteUser(user.id);
    await staff.deleteProject(project.id);
  }
  expect(await findLeaks(gate, marker), 'nothing is reported once removed').toEqual([]);
});
