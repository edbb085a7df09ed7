import { test, expect } from '../../fixtures/index.js';
import { PATHS, RUN_JOB } from '../../contract/kodex.js';
import { scenario } from '../../helpers/checks/scenario.js';
import { asText, issuedSecrets, plainEnvSecrets, scanSurfaces } from '../../helpers/checks/secrets.js';
import { registerRuntimeSecret } from '../../helpers/runner/run-secrets.js';

test(
  'D2 no secret in flow events, run payload, feedback, logs, realtime messages or the staff API',
  { tag: ['@data', '@critical'], annotation: scenario('D2') },
  async ({ gate, world, webhook, db, staff, kube, waiter, realtime, setup, notes }) => {
    // given: learning mode on, so the run also leaves a feedback row to scan
    await setup.learningDefault(true);
    // when: a run goes through the whole chain
    const { runId } = await webhook.trigger({ issue: world.nextIssue() });
    const run = await waiter.until({ runId }, 'succeeded');
    await expect
      .poll(async () => (await db.learningFeedback(run.id)).length, {
        message: 'the learning feedback row to scan is written',
        timeout: gate.runTimeoutMs,
      })
      .toBeGreaterThan(0);
    // and: the credentials kodex handed this run as Job env (MCP bearer token; model and bot tokens when given)
    const env = (await kube.jobsOfRun(run.id)).flatMap(
      (j) => j.spec?.template.spec?.containers.flatMap((c) => c.env ?? []) ?? [],
    );
    const issued = issuedSecrets(env, RUN_JOB.secretEnv);
    Object.values(issued).forEach(registerRuntimeSecret); // the artifact scan looks for them too
    const pods = await kube.podsOfRun(run.id);
    const podLogs = await Promise.all(pods.map((p) => kube.podLog(p.metadata!.namespace!, p.metadata!.name!)));
    const surfaces = {
      'flow_events payloads': asText((await db.flowEvents(run.correlation_id)).map((e) => e.payload)),
      run_payload: asText(await db.runPayload(run.id)),
      learning_feedback: asText(await db.learningFeedback(run.id)),
      'agent_runs.agent_logs_json': asText(await db.agentLogs(run.id)),
      'pod logs': podLogs.join('\n'),
      'run realtime socket': await realtime(PATHS.runRealtime(run.id)),
      'runs realtime socket': await realtime(`${PATHS.runsRealtime}?page=1&page_size=50`),
      'staff API': asText([
        await staff.run(run.id),
        await staff.runEvents(run.id),
        await staff.runLogs(run.id),
        await staff.learningFeedback(run.id),
      ]),
    };
    // then: no known or run-issued secret (in any of its forms) and nothing credential-shaped
    // (vendor tokens, JWTs) in any of them
    const leaks = scanSurfaces(surfaces, gate.secrets, issued);
    expect(leaks, `secrets or credential-shaped strings in stored or served run data:\n${leaks.join('\n')}`).toEqual(
      [],
    );
    // and: plain-text secrets in the Job's env are reported, not blocking (kodex passes tokens as literal env today)
    for (const warning of plainEnvSecrets(env, gate.secrets)) {
      notes.warning(warning);
      await test.info().attach('warning: Job env', { body: warning, contentType: 'text/plain' });
    }
  },
);
