import { existsSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import path from 'node:path';
import { test, expect } from '../../fixtures/index.js';
import { ROOT } from '../../helpers/runner/config.js';
import { PATHS } from '../../contract/kodex.js';
import { OpenApiCheck } from '../../helpers/clients/openapi.js';

const SPEC = process.env.GATE_OPENAPI_SPEC ?? path.join(ROOT, '..', 'shared', 'kodex', 'openapi.yaml');

type Call = [method: string, url: string, headers?: Record<string, string>];

/** What the OpenAPI file says is wrong with the answers to these calls, made through this context. */
async function openApiErrors(spec: OpenApiCheck, ctx: APIRequestContext, calls: Call[]): Promise<string[]> {
  const errors: string[] = [];
  for (const [method, url, headers] of calls) {
    const r = await ctx.fetch(url, { method, failOnStatusCode: false, headers });
    const body = (r.headers()['content-type'] ?? '').includes('json') ? await r.json() : undefined;
    errors.push(...spec.errors(method, url, r.status(), body));
  }
  return errors;
}

/** Every operation the stand implements answers in the shapes of the platform's own OpenAPI file. */
test('stand responses conform to the platform OpenAPI contract', async ({
  request,
  webhook,
  world,
  staffAs,
  admin,
  waiter,
}) => {
  test.skip(!existsSync(path.resolve(ROOT, SPEC)), `no OpenAPI file at ${SPEC} (set GATE_OPENAPI_SPEC)`);
  const spec = await OpenApiCheck.load(path.resolve(ROOT, SPEC));
  const staff = await staffAs(admin);
  const res = await webhook.send({
    event: 'issues',
    body: webhook.triggerBody({ issue: world.nextIssue() }),
  });
  const runId = res.json.run_id;
  await waiter.until({ runId }, 'succeeded');
  const calls: Call[] = [
    ['GET', PATHS.authMe],
    ['GET', PATHS.projects],
    ['GET', PATHS.project(world.projectId)],
    ['GET', PATHS.run(runId)],
    ['GET', `${PATHS.runEvents(runId)}?include_payload=true`],
    ['GET', `${PATHS.runLogs(runId)}?tail_lines=10`],
    ['GET', PATHS.runLearning(runId)],
    ['GET', PATHS.users],
    ['GET', PATHS.members(world.projectId)],
    ['GET', PATHS.repositories(world.projectId)],
    ['GET', PATHS.run('00000000-0000-4000-8000-000000000000')],
    ['POST', PATHS.runCancel(runId)],
  ];
  const errors = [
    ...(await openApiErrors(spec, staff.http, calls)),
    // and without credentials: the error answer has the contract's shape too
    ...(await openApiErrors(spec, request, [['GET', PATHS.users, {}]])),
    ...spec.errors('POST', PATHS.webhook, res.status, res.json),
  ];
  expect(errors, 'OpenAPI validation errors').toEqual([]);
  // the validator can fail: a wrong shape is reported
  expect(spec.errors('GET', PATHS.authMe, 200, { user: { id: 1 } }).length).toBeGreaterThan(0);
});
