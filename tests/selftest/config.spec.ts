import { test, expect } from '@playwright/test';
import { ConfigError, loadGateConfig, targetFromEnv } from '../../helpers/runner/config.js';

/** What the call throws (undefined when it returns). */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (err) {
    return err;
  }
  return undefined;
}

test('staging with nothing set names every missing variable in one message', () => {
  const error = thrownBy(() => loadGateConfig({ GATE_TARGET: 'staging' }));
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as Error).message;
  for (const name of [
    'GATE_BASE_URL',
    'GATE_WEBHOOK_SECRET',
    'GATE_DATABASE_URL',
    'KUBECONFIG',
    'GATE_STAFF_EMAIL',
    'GATE_REPO',
    'GATE_SENDER_LOGIN',
  ]) {
    expect(message, name).toContain(`${name}: is not set`);
  }
});
test('malformed values are named with what is wrong', () => {
  expect(() =>
    loadGateConfig({
      GATE_TARGET: 'staging',
      GATE_BASE_URL: 'not a url',
      GATE_WEBHOOK_SECRET: 's',
      GATE_DATABASE_URL: 'mysql://x',
      KUBECONFIG: '/nope',
      GATE_STAFF_EMAIL: 'a@b.c',
      GATE_REPO: 'just-a-name',
      GATE_SENDER_LOGIN: 'x',
      GATE_STAFF_AUTH: 'jwt',
    }),
  ).toThrow(
    /GATE_BASE_URL: .*URL[\s\S]*GATE_DATABASE_URL: must be a postgres:\/\/ URL[\s\S]*KUBECONFIG: no kubeconfig file[\s\S]*GATE_REPO: must be owner\/name[\s\S]*GATE_JWT_SIGNING_KEY: is required when GATE_STAFF_AUTH=jwt/,
  );
});
test('an unknown target is refused up front', () => {
  expect(() => targetFromEnv({ GATE_TARGET: 'prod' })).toThrow(
    'GATE_TARGET: must be local, staging or production, got "prod"',
  );
});
test('nothing configured means the local stand, booted by the suite', () => {
  expect(targetFromEnv({})).toEqual({ target: 'local', bootsStand: true });
  expect(targetFromEnv({ GATE_TARGET: 'local', GATE_BASE_URL: 'http://127.0.0.1:1' })).toEqual({
    target: 'local',
    bootsStand: false,
  });
});
