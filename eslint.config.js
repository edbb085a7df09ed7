// Lint: typescript-eslint's recommended rules plus the layering this project lives by (docs/architecture.md).
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The folders of gate scenarios (playwright.config.ts reads the same file). */
const GATE_AREAS = JSON.parse(readFileSync(new URL('./tests/gate-areas.json', import.meta.url), 'utf8'));

/** Gate specs: the scenario only. HTTP, SQL, sockets and selectors live in helpers, fixtures and page objects. */
const SPECS = GATE_AREAS.map((area) => `${area}/**`);
/** The suite: everything but the stand. */
const SUITE = ['*.ts', 'helpers/**', 'fixtures/**', 'pages/**', 'reporters/**', 'scripts/**', 'tests/**'];

const standImport = {
  regex: '^(\\.\\./)+stand/',
  message: 'The suite never imports the stand: share facts through contract/.',
};
const suiteImport = {
  regex: '^(\\.\\./)+(helpers|fixtures|pages)/',
  message: 'The stand never imports the suite: share facts through contract/.',
};
const rawIo = [
  { name: 'pg', message: 'No SQL in specs: add a query to helpers/clients/db.ts.' },
  { name: 'undici', message: 'No raw HTTP in specs: use an API client in helpers/.' },
  { name: 'node:net', message: 'No sockets in specs: use a helper.' },
  { name: 'net', message: 'No sockets in specs: use a helper.' },
  { name: '@kubernetes/client-node', message: 'No raw Kubernetes calls in specs: use helpers/clients/kube.ts.' },
];
const envRead = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Read configuration through helpers/runner/config.ts (one module for every env read).',
};
const fixedWait = {
  selector: "CallExpression[callee.property.name='waitForTimeout']",
  message: 'No fixed sleeps: await state with expect.poll, toPass or a watch.',
};
const rawUi = [
  ...['locator', 'evaluate', '$', '$$', 'waitForSelector'].map(
    (name) => `CallExpression[callee.property.name='${name}']`,
  ),
  // Navigation on a Playwright page (page.goto, somePage.page.goto); a page object's own goto() is fine.
  "CallExpression[callee.property.name='goto'][callee.object.name='page']",
  "CallExpression[callee.property.name='goto'][callee.object.property.name='page']",
].map((selector) => ({
  selector,
  message: 'No selectors or raw page calls in specs: page objects own every console interaction.',
}));
const freeAnnotation = {
  selector: "CallExpression[callee.property.name='push'][callee.object.property.name='annotations']",
  message: 'No free-string annotations in specs: use the notes fixture (notChecked, warning, measured).',
};
const rawHttp = ['post', 'put', 'patch', 'delete', 'fetch'].map((name) => ({
  selector: `CallExpression[callee.object.name='request'][callee.property.name='${name}']`,
  message: 'No raw HTTP in specs: use an API client or the webhook sender.',
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'allure-report/**',
      'allure-results/**',
      'gate-report/**',
      '.stand/**',
      'tests/selftest/lint-samples/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-empty-pattern': 'off', // Playwright fixtures take `{}` when they need none
    },
  },
  { files: ['stand/console/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: SUITE,
    ignores: ['tests/stand/**', 'tests/mutation/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [standImport] }],
      'no-restricted-syntax': ['error', fixedWait, envRead],
    },
  },
  {
    files: ['helpers/runner/config.ts', 'playwright.config.ts', 'scripts/**', 'tests/stand/**', 'tests/mutation/**'],
    rules: { 'no-restricted-syntax': ['error', fixedWait] },
  },
  {
    files: SPECS,
    rules: {
      'no-restricted-imports': ['error', { paths: rawIo, patterns: [standImport] }],
      'no-restricted-syntax': ['error', fixedWait, envRead, freeAnnotation, ...rawUi, ...rawHttp],
    },
  },
  { files: ['stand/**'], rules: { 'no-restricted-imports': ['error', { patterns: [suiteImport] }] } },
);
