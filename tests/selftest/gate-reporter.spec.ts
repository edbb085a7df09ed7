import { test, expect } from '@playwright/test';
import GateReporter from '../../reporters/gate-reporter.js';

const fakeSuite = (tests: { title: string; tags: string[]; annotations?: { type: string; description?: string }[] }[]) =>
  ({ allTests: () => tests.map((t) => ({ annotations: [], ...t })) }) as any;

test('an unknown tag, or a critical-tagged test without a scenario ID, is a problem that fails the run', () => {
  const reporter = new GateReporter();
  reporter.onBegin({} as any, fakeSuite([
    { title: 'W9 fine', tags: ['@critical'], annotations: [{ type: 'scenario', description: 'W9' }] },
    { title: 'typo', tags: ['@crtical'] },
    { title: 'no id', tags: ['@critical'] },
  ]));
  const problems: string[] = (reporter as any).problems;
  expect(problems).toHaveLength(2);
  expect(problems[0]).toContain('unknown tag(s) @crtical on "typo"');
  expect(problems[1]).toContain('@critical test "no id" has no scenario annotation');
});
