import { test, expect } from '@playwright/test';
import { useGitHubStandIn } from './github-stand-in.js';
import { releaseChecksOf } from '../../helpers/clients/github-checks.js';
import type { GateConfig } from '../../helpers/runner/config.js';
import { computeVerdict } from '../../helpers/runner/verdict.js';
import { publishVerdict } from '../../reporters/release-check.js';
import { requiredScenarios, type Entry } from '../../reporters/report-writer.js';

/** A gate run's outcomes: every @critical scenario passed, except those named as failed (with their error). */
const gateRun = (failed: Record<string, string> = {}): Entry[] =>
  requiredScenarios('local').map((id) => ({
    id,
    title: `${id} scenario`,
    tags: ['@critical'],
    outcome: failed[id] ? 'unexpected' : 'expected',
    error: failed[id],
    evidence: [],
    runIds: [],
  }));

/** The verdict on the release commit, through the gate reporter's publishing and the GitHub stand-in's Checks API. */
test.describe('the verdict on the release commit', () => {
  const github = useGitHubStandIn();
  const REPO = 'kodex-gate/release';
  const settings = (token: string, sha: string) =>
    ({
      GATE_GITHUB_API_URL: github().url,
      GATE_GITHUB_TOKEN: token,
      GATE_REPO: REPO,
      GATE_RELEASE_SHA: sha,
      GATE_REPORT_URL: 'https://ci.example/kodex-gate/1234/allure-report/index.html',
    }) as GateConfig;
  const publish = (token: string, sha: string, entries: Entry[]) =>
    publishVerdict(settings(token, sha), computeVerdict(entries, { required: requiredScenarios('local') }), entries);
  const checksOn = (sha: string) => releaseChecksOf({ apiUrl: github().url, token: 'ghs_read', repo: REPO, sha });

  test('a green gate leaves a successful check run, a red one a failed check run naming the failed gate item', async () => {
    const green = 'a'.repeat(40);
    const red = 'b'.repeat(40);
    // when: a green and a red gate run end, with a GitHub App token and a release commit each
    await publish('ghs_app_installation', green, gateRun());
    await publish('ghs_app_installation', red, gateRun({ R2: 'Error: the Run Details page shows the run as failed' }));
    // then: the green commit carries a successful check that says GO and links the report
    const [onGreen] = (await checksOn(green)).checkRuns;
    expect(onGreen, 'the green commit carries the gate check').toMatchObject({
      conclusion: 'success',
      detailsUrl: 'https://ci.example/kodex-gate/1234/allure-report/index.html',
    });
    expect(onGreen.title, 'the check title says GO').toMatch(/^GO: @critical \d+\/\d+ passed first try/);
    // and: the red commit a failed one, whose summary names the gate item, the scenario and its first error
    const [onRed] = (await checksOn(red)).checkRuns;
    expect(onRed.conclusion, 'the red commit carries a failed gate check').toBe('failure');
    expect(onRed.title, 'the check title says NO-GO and names the scenario').toBe('NO-GO: R2');
    expect(onRed.summary, 'the summary names the failed gate item and its first error').toContain(
      '| P0-2 Worker run loop | R2 | failed | Error: the Run Details page shows the run as failed |',
    );
    expect(onRed.summary, 'the summary states the GO rule').toContain('The GO rule: GO only when every @critical');
  });

  test('a token that may not create check runs sets a commit status instead', async () => {
    const sha = 'c'.repeat(40);
    // when: a red gate publishes with a personal access token (GitHub: only Apps create check runs)
    const said = await publish('ghp_personal', sha, gateRun({ B1: 'Error: nothing accepts connections' }));
    // then: the commit carries a failed kodex-gate status, and no check run
    expect(said, 'the reporter says what it published').toContain('commit status failure');
    const { checkRuns, statuses } = await checksOn(sha);
    expect(checkRuns, 'no check run (the token may not create one)').toEqual([]);
    expect(statuses, 'one failed kodex-gate status linking the report').toEqual([
      {
        state: 'failure',
        description: expect.stringMatching(/^NO-GO: B1/),
        targetUrl: 'https://ci.example/kodex-gate/1234/allure-report/index.html',
      },
    ]);
  });
});
