import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { boundaryGaps, requireBoundarySettings } from '../../helpers/checks/boundary.js';
import { loadGateConfig } from '../../helpers/runner/config.js';
import { NOTE } from '../../helpers/runner/notes.js';

const kubeconfig = path.join(os.tmpdir(), 'gate-boundary-kubeconfig');
writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\ncontexts:\n- name: kodex-staging\n');
const staging = (extra: Record<string, string> = {}) =>
  loadGateConfig({
    GATE_TARGET: 'staging',
    GATE_BASE_URL: 'http://kodex-api.internal:8080',
    GATE_WEBHOOK_SECRET: 'webhook-secret-123',
    GATE_DATABASE_URL: 'postgres://u:p@db/kodex',
    KUBECONFIG: kubeconfig,
    GATE_KUBE_CONTEXT: 'kodex-staging',
    GATE_STAFF_EMAIL: 'gate@example.com',
    GATE_REPO: 'org/repo',
    GATE_SENDER_LOGIN: 'bot',
    ...extra,
  });

test('on staging, W1 needs GATE_PUBLIC_URL and B1 needs GATE_KUBE_PUBLIC_ENDPOINTS', () => {
  const cfg = staging();
  expect(boundaryGaps(cfg, 'W1').join()).toContain('GATE_PUBLIC_URL');
  expect(boundaryGaps(cfg, 'B1').join()).toContain('GATE_KUBE_PUBLIC_ENDPOINTS');
  const full = staging({
    GATE_PUBLIC_URL: 'https://kodex.example.com',
    GATE_KUBE_PUBLIC_ENDPOINTS: 'kodex.example.com:6443',
  });
  expect(boundaryGaps(full, 'W1')).toEqual([]);
  expect(boundaryGaps(full, 'B1')).toEqual([]);
});
test('in header mode a public URL equal to the base URL checks nothing', () => {
  const cfg = staging({ GATE_PUBLIC_URL: 'http://kodex-api.internal:8080/' });
  expect(boundaryGaps(cfg, 'W1').join()).toContain('equals GATE_BASE_URL');
});
test('a missing setting fails the scenario with "not checked: set X"', () => {
  expect(() => requireBoundarySettings(staging(), 'B1')).toThrow(/^B1 not checked: set GATE_KUBE_PUBLIC_ENDPOINTS/);
  expect(() =>
    requireBoundarySettings(staging({ GATE_BOUNDARY_WAIVER: 'W1: no public ingress on this staging yet' }), 'B1'),
  ).toThrow('B1 not checked');
});
test('a named waiver turns the gap into a recorded warning, never a silent pass', () => {
  const cfg = staging({ GATE_BOUNDARY_WAIVER: 'W1,B1: no public ingress on this staging yet' });
  expect(cfg.boundaryWaiver).toEqual({ scenarios: ['W1', 'B1'], reason: 'no public ingress on this staging yet' });
  requireBoundarySettings(cfg, 'B1');
  const annotations = test.info().annotations;
  const warning = annotations.find((a) => a.type === NOTE.warning);
  expect(warning?.description).toMatch(
    /^B1 not checked: set GATE_KUBE_PUBLIC_ENDPOINTS .*waived by GATE_BOUNDARY_WAIVER: no public ingress/,
  );
  annotations.splice(annotations.indexOf(warning!), 1); // this selftest's warning is not the run's
});
test('a waiver without a reason is a configuration error naming the variable', () => {
  expect(() => staging({ GATE_BOUNDARY_WAIVER: 'B1' })).toThrow(/GATE_BOUNDARY_WAIVER: must be "W1,B1: reason/);
});
test('the local stand provides both sides of the boundary', () => {
  expect(boundaryGaps({ ...staging(), target: 'local' }, 'B1')).toEqual([]);
});
