import { defineConfig } from '@playwright/test';

/** Runs only the Kubernetes stand-in spec, independent of the main config. */
export default defineConfig({
  testDir: '../../tests/stand',
  testMatch: 'kube-api.spec.ts',
  outputDir: '../../test-results/kube-api',
  reporter: 'list',
  workers: 1,
  timeout: 60_000,
});
