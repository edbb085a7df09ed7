import { ESLint } from 'eslint';
import { test, expect } from '@playwright/test';
import { ROOT } from '../../helpers/config.js';

/** Each layering rule, shown failing on a bad sample (and a clean spec shown passing). */
const samples: { title: string; file: string; code: string; message: RegExp }[] = [
  {
    title: 'a gate spec importing the stand',
    file: 'tests/runs/sample.spec.ts',
    code: "import { FAULT_CATALOG } from '../../stand/faults.js';\nexport const x = FAULT_CATALOG;\n",
    message: /The suite never imports the stand/,
  },
  {
    title: 'a fixture importing the stand',
    file: 'fixtures/sample.ts',
    code: "import { SEED } from '../stand/config.js';\nexport const x = SEED;\n",
    message: /The suite never imports the stand/,
  },
  {
    title: 'the stand importing the suite',
    file: 'stand/gateway/sample.ts',
    code: "import { ROOT } from '../../helpers/config.js';\nexport const x = ROOT;\n",
    message: /The stand never imports the suite/,
  },
  {
    title: 'SQL in a spec',
    file: 'tests/data/sample.spec.ts',
    code: "import pg from 'pg';\nexport const x = pg;\n",
    message: /No SQL in specs/,
  },
  {
    title: 'raw HTTP in a spec (undici)',
    file: 'tests/webhook/sample.spec.ts',
    code: "import { request } from 'undici';\nexport const x = request;\n",
    message: /No raw HTTP in specs/,
  },
  {
    title: 'raw HTTP in a spec (request fixture)',
    file: 'tests/webhook/sample.spec.ts',
    code: "export async function f(request: any) { await request.post('/x'); }\n",
    message: /No raw HTTP in specs/,
  },
  {
    title: 'a socket in a spec',
    file: 'tests/access/sample.spec.ts',
    code: "import net from 'node:net';\nexport const x = net;\n",
    message: /No sockets in specs/,
  },
  {
    title: 'a selector in a spec',
    file: 'tests/console/sample.spec.ts',
    code: "export function f(page: any) { return page.locator('.v-chip'); }\n",
    message: /page objects own every console interaction/,
  },
  {
    title: 'raw navigation in a spec',
    file: 'tests/console/sample.spec.ts',
    code: "export async function f(page: any) { await page.goto('/runs'); }\n",
    message: /page objects own every console interaction/,
  },
  {
    title: 'an env read outside the config module',
    file: 'helpers/sample.ts',
    code: 'export const x = process.env.GATE_RUN_ID;\n',
    message: /Read configuration through helpers\/config.ts/,
  },
  {
    title: 'a fixed sleep',
    file: 'fixtures/sample.ts',
    code: 'export async function f(page: any) { await page.waitForTimeout(500); }\n',
    message: /No fixed sleeps/,
  },
];

test.describe('lint: the layering rules', () => {
  const eslint = new ESLint({ cwd: ROOT });
  for (const s of samples) {
    test(`refuses ${s.title}`, async () => {
      const [result] = await eslint.lintText(s.code, { filePath: `${ROOT}/${s.file}` });
      const messages = result.messages.map((m) => m.message);
      expect(
        messages.some((m) => s.message.test(m)),
        `lint messages for ${s.file}: ${JSON.stringify(messages)}`,
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
