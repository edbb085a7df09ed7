import { test } from '@playwright/test';
import { startGitHubApi } from '../../stand/github/server.js';

/** The GitHub stand-in, started for the describe block that calls this and stopped after it. */
export function useGitHubStandIn(): () => Awaited<ReturnType<typeof startGitHubApi>> {
  let github: Awaited<ReturnType<typeof startGitHubApi>> | undefined;
  test.beforeAll(async () => {
    github = await startGitHubApi({});
  });
  test.afterAll(async () => {
    await github?.close();
  });
  return () => {
    if (!github) throw new Error('the GitHub stand-in is not started (use it inside a test)');
    return github;
  };
}
