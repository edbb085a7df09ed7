/** Per-target configuration rules: what staging and production require, and what production must not have. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { loadGateConfig } from '../../helpers/runner/config.js';
import { authFor } from '../../helpers/clients/staff-auth.js';
import type { GateDb } from '../../helpers/clients/db.js';

const kubeconfig = join(mkdtempSync(join(tmpdir(), 'gate-targets-')), 'kubeconfig');
writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\ncontexts:\n- name: staging\n- name: prod\n- name: preprod\n');

const common = {
  GATE_BASE_URL: 'https://kodex.staging.example',
  GATE_DATABASE_URL: 'postgres://gate@db.staging.example/kodex',
  KUBECONFIG: kubeconfig,
  GATE_KUBE_CONTEXT: 'staging',
  GATE_STAFF_EMAIL: 'gate@example.com',
  GATE_REPO: 'acme/sandbox',
  GATE_SENDER_LOGIN: 'gate-bot',
};
const staging = { ...common, GATE_TARGET: 'staging', GATE_WEBHOOK_SECRET: 'webhook-secret-1234' };
const production = {
  ...common,
  GATE_TARGET: 'production',
  GATE_BASE_URL: 'https://kodex.example',
  GATE_KUBE_CONTEXT: 'prod',
  GATE_DATABASE_URL: 'postgres://gate_ro@db.example/kodex',
  GATE_STAFF_AUTH: 'cookie',
  GATE_STAFF_COOKIE: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
};
const problems = (env: Record<string, string | undefined>) => {
  try {
    loadGateConfig(env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

test('a complete staging and a complete production configuration are valid', () => {
  expect(problems(staging)).toBe('');
  expect(problems(production)).toBe('');
});

test.describe('GATE_KUBE_CONTEXT', () => {
  for (const [target, complete] of [
    ['staging', staging],
    ['production', production],
  ] as const) {
    test(`is required on ${target}: the current context never decides silently`, () => {
      const env = { ...complete, GATE_KUBE_CONTEXT: undefined };
      expect(problems(env)).toMatch(/GATE_KUBE_CONTEXT: is not set; it is required for target/);
    });
  }
  test('must name a context the kubeconfig has: one message at start, not "No active cluster!" in every scenario', () => {
    expect(problems({ ...staging, GATE_KUBE_CONTEXT: 'staging-typo' })).toMatch(
      /GATE_KUBE_CONTEXT: context "staging-typo" is not in the kubeconfig \(.*\); it has: staging, prod, preprod/,
    );
  });
  test('is optional on a local target', () => {
    expect(problems({ ...staging, GATE_TARGET: 'local', GATE_KUBE_CONTEXT: undefined })).toBe('');
  });
});

test("P2's platform webhook URL is the platform's setting, by default the public URL's webhook path", () => {
  expect(loadGateConfig({ ...staging, GATE_PUBLIC_URL: 'https://kodex.example.com' }).platformWebhookUrl).toBe(
    'https://kodex.example.com/api/v1/webhooks/github',
  );
  const own = 'https://hooks.kodex.example.com/api/v1/webhooks/github';
  expect(loadGateConfig({ ...staging, GATE_PLATFORM_WEBHOOK_URL: own }).platformWebhookUrl).toBe(own);
});

test.describe('GATE_PRODUCTION_MARKERS', () => {
  const markers = 'kodex.example,prod,db.example';
  test('a staging run refuses a base URL under a production host, naming the marker', () => {
    expect(
      problems({ ...staging, GATE_PRODUCTION_MARKERS: markers, GATE_BASE_URL: 'https://console.kodex.example' }),
    ).toMatch(/GATE_BASE_URL: host "console.kodex.example" matches production marker "kodex.example"/);
  });
  test('a staging run refuses a production kube context', () => {
    expect(problems({ ...staging, GATE_PRODUCTION_MARKERS: markers, GATE_KUBE_CONTEXT: 'prod' })).toMatch(
      /GATE_KUBE_CONTEXT: kube context "prod" matches production marker "prod"/,
    );
  });
  test('a staging run refuses a production database host', () => {
    expect(
      problems({
        ...staging,
        GATE_PRODUCTION_MARKERS: markers,
        GATE_DATABASE_URL: 'postgres://u@DB.example:5432/kodex',
      }),
    ).toMatch(/GATE_DATABASE_URL: database host "db.example" matches production marker "db.example"/);
  });
  test('a local run refuses them too; a production run is not refused by its own markers', () => {
    expect(
      problems({ ...staging, GATE_TARGET: 'local', GATE_PRODUCTION_MARKERS: markers, GATE_KUBE_CONTEXT: 'prod' }),
    ).toMatch(/production marker "prod"/);
    expect(problems({ ...production, GATE_PRODUCTION_MARKERS: markers })).toBe('');
  });
  test('a marker matches whole names only', () => {
    expect(
      problems({
        ...staging,
        GATE_PRODUCTION_MARKERS: 'prod',
        GATE_KUBE_CONTEXT: 'preprod',
        GATE_BASE_URL: 'https://prod-like.staging.example',
      }),
    ).toBe('');
  });
});

test.describe('production needs no write-capable secret', () => {
  test('it is valid without a webhook secret, and the config refuses to hand one out', () => {
    const cfg = loadGateConfig(production);
    expect(() => cfg.GATE_WEBHOOK_SECRET).toThrow(/GATE_WEBHOOK_SECRET: target production has none/);
    expect(JSON.stringify(cfg)).not.toContain('WEBHOOK');
  });
  test('a webhook secret or a JWT signing key on production is refused', () => {
    const message = problems({
      ...production,
      GATE_WEBHOOK_SECRET: 'webhook-secret-1234',
      GATE_JWT_SIGNING_KEY: 'signing-key-12345678',
    });
    expect(message).toMatch(/GATE_WEBHOOK_SECRET: must not be set on production/);
    expect(message).toMatch(/GATE_JWT_SIGNING_KEY: must not be set on production/);
  });
  test('minting staff JWTs is refused on production', () => {
    expect(problems({ ...production, GATE_STAFF_AUTH: 'jwt' })).toMatch(
      /GATE_STAFF_AUTH: jwt is refused on production/,
    );
  });
  test('staging still needs its webhook secret', () => {
    expect(problems({ ...staging, GATE_WEBHOOK_SECRET: undefined })).toMatch(/GATE_WEBHOOK_SECRET: is not set/);
  });
});

test.describe('staff auth by a provided cookie', () => {
  const noDb = {} as GateDb; // cookie and header modes never read the database
  test('GATE_STAFF_AUTH=cookie requires GATE_STAFF_COOKIE', () => {
    expect(problems({ ...production, GATE_STAFF_COOKIE: undefined })).toMatch(
      /GATE_STAFF_COOKIE: is required when GATE_STAFF_AUTH=cookie/,
    );
  });
  test('the cookie signs in as the configured operator, is a secret, and acts as nobody else', async () => {
    const cfg = loadGateConfig(production);
    expect(await authFor(cfg, noDb, { email: 'GATE@example.com' })).toEqual({
      headers: {},
      cookie: { name: 'kodex_staff_jwt', value: production.GATE_STAFF_COOKIE },
    });
    expect(cfg.secrets).toContain(production.GATE_STAFF_COOKIE);
    await expect(authFor(cfg, noDb, { email: 'someone@example.com' })).rejects.toThrow(
      /signs in only as GATE_STAFF_EMAIL/,
    );
  });
  test('name=value names another cookie', async () => {
    const cfg = loadGateConfig({ ...production, GATE_STAFF_COOKIE: '_oauth2_proxy=abc=def' });
    expect((await authFor(cfg, noDb, { email: 'gate@example.com' })).cookie).toEqual({
      name: '_oauth2_proxy',
      value: 'abc=def',
    });
  });
  test('header mode (through a port-forward) needs no secret on production', async () => {
    const cfg = loadGateConfig({ ...production, GATE_STAFF_AUTH: 'header', GATE_STAFF_COOKIE: undefined });
    expect((await authFor(cfg, noDb, { email: 'gate@example.com' })).headers).toEqual({
      'X-Auth-Request-Email': 'gate@example.com',
    });
  });
});
