import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { test, expect } from '@playwright/test';
import { ROOT } from '../../helpers/runner/config.js';

/**
 * Each layering rule, shown failing on a bad sample (and a clean spec shown passing): [what the sample is,
 * where it would live, its code, the lint message that must refuse it].
 */
const KNIP = path.join(ROOT, 'node_modules', 'knip', 'bin', 'knip.js');
/** Spelled in parts so that a search of the suite for fixed sleeps or focused tests does not find these samples. */
const FIXED_SLEEP = 'waitFor' + 'Timeout';
const TIMER = 'set' + 'Timeout';
const ONLY = 'test' + '.only';
/** A function of `lines` statements, blank lines and comments around them (which the length rule skips). */
const functionOf = (lines: number) =>
  `export function f() {\n  // a comment\n\n${Array.from({ length: lines - 1 }, (_, i) => `  const _v${i} = ${i};`).join('\n')}\n  return 0;\n}\n`;
// prettier-ignore
const samples: [title: string, file: string, code: string, message: RegExp][] = [
  ['a gate spec importing the stand', 'tests/runs/sample.spec.ts', "import { FAULT_CATALOG } from '../../stand/faults.js';\nexport const x = FAULT_CATALOG;\n", /The suite never imports the stand/],
  ['a fixture importing the stand', 'fixtures/sample.ts', "import { SEED } from '../stand/config.js';\nexport const x = SEED;\n", /The suite never imports the stand/],
  ['the stand importing the suite', 'stand/gateway/sample.ts', "import { ROOT } from '../../helpers/runner/config.js';\nexport const x = ROOT;\n", /The stand never imports the suite/],
  ['SQL in a spec', 'tests/data/sample.spec.ts', "import pg from 'pg';\nexport const x = pg;\n", /No SQL in specs/],
  ['raw HTTP in a spec (undici)', 'tests/webhook/sample.spec.ts', "import { request } from 'undici';\nexport const x = request;\n", /No raw HTTP in specs/],
  ['raw HTTP in a spec (request fixture)', 'tests/webhook/sample.spec.ts', "export async function f(request: any) { await request.post('/x'); }\n", /No raw HTTP in specs/],
  ['a socket in a spec', 'tests/access/sample.spec.ts', "import net from 'node:net';\nexport const x = net;\n", /No sockets in specs/],
  ['a selector in a spec', 'tests/console/sample.spec.ts', "export function f(page: any) { return page.locator('.v-chip'); }\n", /page objects own every console interaction/],
  ['raw navigation in a spec', 'tests/console/sample.spec.ts', "export async function f(page: any) { await page.goto('/runs'); }\n", /page objects own every console interaction/],
  ['an env read outside the config module', 'helpers/sample.ts', 'export const x = process.env.GATE_RUN_ID;\n', /Read configuration through helpers\/runner\/config.ts/],
  ['a free-string annotation in a spec', 'tests/data/sample.spec.ts', "export function f(info: any) { info.annotations.push({ type: 'warn', description: 'x' }); }\n", /use the notes fixture/],
  ['a fixed sleep', 'fixtures/sample.ts', `export async function f(page: any) { await page.${FIXED_SLEEP}(500); }\n`, /No fixed sleeps/],
  ['a timer sleep (setTimeout promise)', 'helpers/checks/sample.ts', `export const nap = () => new Promise((resolve) => ${TIMER}(resolve, 500));\n`, /No timer sleeps/],
  ['a timer sleep (timers/promises)', 'tests/runs/sample.spec.ts', "import { setTimeout as nap } from 'node:timers/promises';\nexport const x = nap;\n", /No timer sleeps/],
  ['a raw click in a spec', 'tests/webhook/sample.spec.ts', "export async function f(page: any) { await page.getByRole('button', { name: 'Go' }).click(); }\n", /No raw page interactions in specs/],
  ['a raw getByText in a spec', 'tests/webhook/sample.spec.ts', "export function f(page: any) { return page.getByText('Runs'); }\n", /No raw page interactions in specs/],
  ['a raw fill in a spec', 'tests/console/sample.spec.ts', "export async function f(field: any) { await field.fill('x'); }\n", /No raw page interactions in specs/],
  ['a raw GET in a spec (request fixture)', 'tests/webhook/sample.spec.ts', "export async function f(request: any) { await request.get('/api/v1/runs'); }\n", /No raw HTTP in specs/],
  ['a raw fetch in a spec', 'tests/runs/sample.spec.ts', "export async function f() { await fetch('http://127.0.0.1/'); }\n", /No raw HTTP in specs/],
  ['a page object built in a spec', 'tests/console/sample.spec.ts', "import { RunsPage } from '../../pages/runs-page.js';\nexport const f = (page: any) => new RunsPage(page);\n", /Specs never construct page objects/],
  ['try/finally in a gate spec', 'tests/data/sample.spec.ts', 'export async function f(g: () => Promise<void>) { try { await g(); } finally { await g(); } }\n', /No try\/finally in gate specs/],
  ['a client importing a check', 'helpers/clients/sample.ts', "import { describeFindings } from '../checks/audit.js';\nexport const x = describeFindings;\n", /helpers\/clients\/ does not import helpers\/checks\//],
  ['the runner importing a client', 'helpers/runner/sample.ts', "import { GateDb } from '../clients/db.js';\nexport const x = GateDb;\n", /helpers\/runner\/ does not import helpers\/clients\//],
  ['a check importing a fixture', 'helpers/checks/sample.ts', "import { test } from '../../fixtures/index.js';\nexport const x = test;\n", /helpers\/checks\/ does not import fixtures\//],
  ['a page object importing a helper', 'pages/sample.ts', "import { ROOT } from '../helpers/runner/config.js';\nexport const x = ROOT;\n", /pages\/ does not import helpers\/runner\//],
  ['a fixture importing a spec', 'fixtures/sample.ts', "import { x as y } from '../tests/runs/run-loop.spec.js';\nexport const x = y;\n", /fixtures\/ does not import tests\//],
  ['contract/ importing the suite', 'contract/sample.ts', "import { ROOT } from '../helpers/runner/config.js';\nexport const x = ROOT;\n", /contract\/ does not import helpers\/runner\//],
  ['a suite function over 60 lines', 'helpers/checks/sample.ts', functionOf(59), /has too many lines \(61\)\. Maximum allowed is 60/],
  ['a stand function over 150 lines', 'stand/gateway/sample.ts', functionOf(149), /has too many lines \(151\)\. Maximum allowed is 150/],
  ['target branching in a gate spec', 'tests/data/sample.spec.ts', "export const f = (gate: any) => gate.target === 'local';\n", /No target branching in gate specs/],
  ['a conditional in a test (eslint-plugin-playwright)', 'tests/runs/sample.spec.ts', "import { test, expect } from '../../fixtures/index.js';\ntest('R9 sample', async ({ gate }) => { if (gate.seedVolume) expect(1).toBe(1); });\n", /Avoid having conditionals in tests/],
  ['a focused test (eslint-plugin-playwright)', 'tests/runs/sample.spec.ts', `import { test } from '../../fixtures/index.js';\n${ONLY}('R9 sample', async () => {});\n`, /focused/i],
  ['an expect without await (eslint-plugin-playwright)', 'tests/runs/sample.spec.ts', "import { test, expect } from '../../fixtures/index.js';\ntest('R9 sample', async ({ page }) => { expect.poll(() => page.url()).toBe('x'); });\n", /must be awaited/],
];

test.describe('lint: the layering rules', () => {
  const eslint = new ESLint({ cwd: ROOT });
  for (const [title, file, code, message] of samples) {
    test(`refuses ${title}`, async () => {
      const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
      const messages = result.messages.map((m) => m.message);
      expect(
        messages.some((m) => message.test(m)),
        `lint messages for ${file}: ${JSON.stringify(messages)}`,
      ).toBe(true);
    });
  }

  test('accepts a spec that reads as the scenario', async () => {
    const code = [
      "import { test, expect } from '../../fixtures/index.js';",
      "test('R9 sample', async ({ webhook, world, waiter, consoleAs, admin }) => {",
      '  const run = await webhook.trigger({ issue: world.nextIssue() });',
      '  const { runs } = await consoleAs(admin);',
      "  expect((await waiter.until({ runId: run.runId }, 'succeeded')).status).toBe('succeeded');",
      "  await expect(runs.row(run.runId), 'the run is listed').toBeVisible();",
      '});',
      '',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: `${ROOT}/tests/runs/sample.spec.ts` });
    expect(result.messages, 'a clean spec has no lint messages').toEqual([]);
  });
});

test('the unused-export check (knip) refuses an export nobody imports', async () => {
  // given: a two-file project whose library exports one name its entry never imports
  const dir = await mkdtemp(path.join(os.tmpdir(), 'knip-sample-'));
  await mkdir(path.join(dir, 'src'));
  await writeFile(path.join(dir, 'package.json'), '{"name":"knip-sample","type":"module"}');
  await writeFile(path.join(dir, 'knip.json'), '{"entry":["src/main.ts"],"project":["src/**/*.ts"]}');
  await writeFile(path.join(dir, 'src/main.ts'), "import { used } from './lib.js';\nconsole.log(used);\n");
  await writeFile(path.join(dir, 'src/lib.ts'), 'export const used = 1;\nexport const forgotten = 2;\n');
  // when: knip reads it
  const knip = spawnSync(process.execPath, [KNIP, '--directory', dir, '--no-progress'], { encoding: 'utf8' });
  await rm(dir, { recursive: true, force: true });
  // then: it fails, naming the forgotten export
  expect(knip.stdout, 'knip names the unused export').toMatch(/Unused exports[\s\S]*forgotten/);
  expect(knip.status, 'knip exits non-zero').not.toBe(0);
});
