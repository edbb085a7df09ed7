import { test, expect } from '@playwright/test';
import { useGitHubStandIn } from './github-stand-in.js';
import { GateGitHub } from '../../helpers/clients/github.js';

/** The GitHub stand-in's issue endpoints, through the suite's own client (helpers/clients/github.ts). */
test.describe('GitHub stand-in: issues', () => {
  const github = useGitHubStandIn();

  test('an issue is created with labels, read, listed and closed', async () => {
    const gh = new GateGitHub(github().url, 'ghp_standspec', 'kodex-gate', 'github-spec', 'local');
    const issue = await gh.createIssue('spec', 'body', ['kodex-gate/outcome:fail', 'kodex-gate/outcome:fail', 'bug']);
    expect(issue.labels, 'labels are kept once each').toEqual(['kodex-gate/outcome:fail', 'bug']);
    expect(await gh.issueLabels(issue.number)).toEqual(['kodex-gate/outcome:fail', 'bug']);
    expect(await gh.issueState(issue.number)).toBe('open');
    await gh.closeIssue(issue.number);
    expect(await gh.issueState(issue.number), 'the issue is closed').toBe('closed');
    const next = await gh.createIssue('spec 2', '', []);
    expect(next.number, 'numbers count up per repository').toBe(issue.number + 1);
  });

  test("bad requests get GitHub's answers: 401 without a good token, 404 for no issue, 422 for bad fields", async () => {
    const status = (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (e) => e.status as number,
      );
    const bad = new GateGitHub(github().url, 'bad-token', 'kodex-gate', 'github-spec', 'local');
    expect(await status(bad.createIssue('x', '', [])), 'a bad token').toBe(401);
    const gh = new GateGitHub(github().url, 'ghp_standspec', 'kodex-gate', 'github-spec', 'local');
    expect(await status(gh.issueLabels(999_999)), 'an issue that does not exist').toBe(404);
    expect(await status(gh.createIssue('', '', [])), 'an issue without a title').toBe(422);
    expect(await status(gh.createIssue('x', '', ['l'.repeat(51)])), 'a label longer than 50 characters').toBe(422);
    const missingRepo = new GateGitHub(github().url, 'ghp_standspec', 'kodex-gate', 'missing-repo', 'local');
    expect(await status(missingRepo.createIssue('x', '', [])), 'a repository that does not exist').toBe(404);
  });

  test('a label is removed as on GitHub: 200 with the labels left, 404 "Label does not exist" when absent', async () => {
    const gh = new GateGitHub(github().url, 'ghp_standspec', 'kodex-gate', 'github-spec', 'local');
    const issue = await gh.createIssue('spec', '', ['kodex-gate/hold', 'kodex-gate/duration-ms:30000', 'bug']);
    expect(await gh.removeLabel(issue.number, 'kodex-gate/hold'), 'the labels left').toEqual([
      'kodex-gate/duration-ms:30000',
      'bug',
    ]);
    expect(await gh.issueLabels(issue.number), 'the issue no longer carries it').toEqual([
      'kodex-gate/duration-ms:30000',
      'bug',
    ]);
    expect(await gh.removeLabel(issue.number, 'kodex-gate/duration-ms:30000'), 'a name with a colon').toEqual(['bug']);
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => 'removed',
        (e) => `${e.status} ${e.response?.data?.message}`,
      );
    expect(await failure(gh.removeLabel(issue.number, 'kodex-gate/hold')), 'a label the issue does not carry').toBe(
      '404 Label does not exist',
    );
    expect(await failure(gh.removeLabel(999_999, 'bug')), 'an issue that does not exist').toBe('404 Not Found');
  });

  test('the client refuses to write on production', async () => {
    const gh = new GateGitHub(github().url, 'ghp_standspec', 'kodex-gate', 'github-spec', 'production');
    await expect(gh.createIssue('x', '', [])).rejects.toThrow(/refuses to create issues on a production target/);
    await expect(gh.removeLabel(1, 'kodex-gate/hold')).rejects.toThrow(/refuses to remove labels on a production/);
  });
});
