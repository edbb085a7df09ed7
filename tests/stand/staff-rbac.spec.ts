import { randomUUID } from 'node:crypto';
import { test, expect } from '../../fixtures/index.js';
import { ERRORS, PATHS } from '../../contract/kodex.js';

/** The stand's project RBAC, route by route, as kodex's control-plane domain/staff decides it. */
test('project RBAC: members read, writers write, others get kodex 403 bodies', async ({ staffAs, world }) => {
  const outsider = (await staffAs({ email: world.outsider.email })).http;
  const viewer = (await staffAs({ email: world.viewer.email })).http;
  const answer = async (res: Awaited<ReturnType<typeof outsider.fetch>>) => ({
    status: res.status(),
    body: await res.json().catch(() => undefined),
  });
  const get = (who: typeof outsider, path: string) => who.fetch(path, { failOnStatusCode: false }).then(answer);
  const post = (who: typeof outsider, path: string, data: unknown) =>
    who.fetch(path, { method: 'POST', data, failOnStatusCode: false }).then(answer);

  // GetProject / ListProjectRepositories: a member only
  expect(await get(outsider, PATHS.project(world.projectId))).toEqual({
    status: 403,
    body: ERRORS.projectAccessRequired,
  });
  expect(await get(outsider, PATHS.repositories(world.projectId))).toEqual({
    status: 403,
    body: ERRORS.projectAccessRequired,
  });
  expect((await get(viewer, PATHS.repositories(world.projectId))).status).toBe(200);
  // UpsertProjectRepository: read_write or admin
  const repo = { provider: 'github', owner: 'kodex-gate', name: 'rbac', token: 'ghp_rbac', services_yaml_path: 'x' };
  expect(await post(viewer, PATHS.repositories(world.projectId), repo)).toEqual({
    status: 403,
    body: ERRORS.projectWriteAccessRequired,
  });
  // resolveRunAccess: an unknown run is a validation error before any access check
  expect(await get(outsider, PATHS.run(randomUUID()))).toEqual({ status: 400, body: ERRORS.notFound('run_id') });
  expect(await post(viewer, PATHS.runCancel(randomUUID()), {})).toEqual({
    status: 400,
    body: ERRORS.notFound('run_id'),
  });
});
