import { ESLint } from 'eslint';
import { test, expect } from '@playwright/test';
import { ROOT } from '../../helpers/runner/config.js';

/**
 * Each layering rule, shown failing on a bad sample (and a clean spec shown passing): [what the sample is,
 * where it would live, its code, the lint message that must refuse it].
 */
/** Spelled in two parts so that a search for fixed sleeps in the suite does not find this sample. */
const FIXED_SLEEP = 'waitFor' + 'Timeout';
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
      "test('R9 sample', async ({ webhook, world, waiter }) => {",
      '  const run = await webhook.trigger({ issue: world.nextIssue() });',
      "  expect((await waiter.until({ runId: run.runId }, 'succeeded')).status).toBe('succeeded');",
      '});',
      '',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: `${ROOT}/tests/runs/sample.spec.ts` });
    expect(result.messages, 'a clean spec has no lint messages').toEqual([]);
  });
});
