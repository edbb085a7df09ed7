// Lint: typescript-eslint's recommended rules plus the layering this project lives by (docs/architecture.md).
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import playwright from 'eslint-plugin-playwright';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './lint/layers.js';

/** The folders of gate scenarios (playwright.config.ts reads the same file). */
const GATE_AREAS = JSON.parse(readFileSync(new URL('./tests/gate-areas.json', import.meta.url), 'utf8'));

/** Gate specs: the scenario only. HTTP, SQL, sockets and selectors live in helpers, fixtures and page objects. */
const SPECS = GATE_AREAS.map((area) => `${area}/**`);
/** The suite: everything but the stand. */
const SUITE = ['*.ts', 'helpers/**', 'fixtures/**', 'pages/**', 'reporters/**', 'scripts/**', 'tests/**'];

/** Where this suite departs from eslint-plugin-playwright's recommended rules, each with its reason. */
const PLAYWRIGHT_OFF = {
  // Layout is prettier's job.
  'playwright/consistent-spacing-between-blocks': 'off',
  // A skip with a condition and a reason is how a scenario says the target cannot run it.
  'playwright/no-skipped-test': ['error', { allowConditional: true }],
  // A test that branches checks less than its title says, and says nothing: a target's differences come from
  // fixtures (a skip with its reason, or the value), a table's from its data, an optional part is a skipped step.
  'playwright/no-conditional-in-test': 'error',
  'playwright/no-conditional-expect': 'error',
};
/**
 * The mutation check is a harness around child gate runs, not a scenario: it names a child run by its fault group
 * and attaches the child's output only when a row did not run. Its branches stay warnings.
 */
const MUTATION_CONDITIONALS = {
  'playwright/no-conditional-in-test': 'warn',
  'playwright/no-conditional-expect': 'warn',
};

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
/** A sleep on a timer: a promise resolved by setTimeout, or node:timers/promises. */
const timerSleep = {
  selector: "CallExpression[callee.name='setTimeout'][arguments.0.type='Identifier']",
  message: 'No timer sleeps: await state with expect.poll, toPass or a watch.',
};
const timerImports = ['timers/promises', 'node:timers/promises'].map((name) => ({
  name,
  message: 'No timer sleeps: await state with expect.poll, toPass or a watch.',
}));
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
const rawInteraction = [
  'CallExpression[callee.property.name=/^getBy/]',
  ...['click', 'dblclick', 'fill', 'press', 'check', 'uncheck', 'hover', 'selectOption', 'type'].map(
    (name) => `CallExpression[callee.property.name='${name}']`,
  ),
].map((selector) => ({
  selector,
  message: 'No raw page interactions in specs: a page object method does it (pages/).',
}));
const freeAnnotation = {
  selector: "CallExpression[callee.property.name='push'][callee.object.property.name='annotations']",
  message: 'No free-string annotations in specs: use the notes fixture (notChecked, warning, measured).',
};
const rawHttp = [
  "CallExpression[callee.object.name='request']",
  "CallExpression[callee.object.property.name='request']",
  "CallExpression[callee.name='fetch']",
].map((selector) => ({ selector, message: 'No raw HTTP in specs: use an API client or the webhook sender.' }));
const newPage = {
  selector: 'NewExpression[callee.name=/Page$/]',
  message: 'Specs never construct page objects: take them from the console consoleAs() returns.',
};
/** A target's differences live in fixtures and setup, which skip with a reason or provide the value. */
const targetBranch = {
  selector: "MemberExpression[property.name='target']",
  message:
    'No target branching in gate specs: a fixture or a setup method skips with a reason or provides the value for the target.',
};
/** Functions short enough to read at once: the suite's 60 lines, the stand's 150 (blank lines and comments not counted). */
const functionLength = (max) => ['error', { max, skipBlankLines: true, skipComments: true }];
/** Setup that undoes itself lives in fixtures (world methods, runsList); a spec has no try/finally. */
const tryInSpec = {
  selector: 'TryStatement',
  message: 'No try/finally in gate specs: a fixture or a tracked world method undoes the setup.',
};

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
      'no-restricted-imports': ['error', { paths: timerImports, patterns: [standImport] }],
      'no-restricted-syntax': ['error', fixedWait, timerSleep, envRead],
    },
  },
  { files: SUITE, rules: { 'max-lines-per-function': functionLength(60) } },
  { files: ['stand/**'], rules: { 'max-lines-per-function': functionLength(150) } },
  {
    files: ['helpers/runner/config.ts', 'playwright.config.ts', 'scripts/**', 'tests/stand/**', 'tests/mutation/**'],
    rules: { 'no-restricted-syntax': ['error', fixedWait, timerSleep] },
  },
  // One layer per folder: each imports only the layers below it (lint/layers.js).
  { files: [...SUITE, 'contract/**'], plugins: { layers: layersPlugin }, rules: { 'layers/imports': 'error' } },
  {
    files: ['tests/**'],
    ...playwright.configs['flat/recommended'],
    rules: { ...playwright.configs['flat/recommended'].rules, ...PLAYWRIGHT_OFF },
  },
  { files: ['tests/mutation/**'], rules: MUTATION_CONDITIONALS },
  {
    files: SPECS,
    rules: {
      'no-restricted-imports': ['error', { paths: [...rawIo, ...timerImports], patterns: [standImport] }],
      'no-restricted-syntax': [
        'error',
        fixedWait,
        timerSleep,
        envRead,
        freeAnnotation,
        tryInSpec,
        targetBranch,
        newPage,
        ...rawUi,
        ...rawInteraction,
        ...rawHttp,
      ],
    },
  },
  { files: ['stand/**'], rules: { 'no-restricted-imports': ['error', { patterns: [suiteImport] }] } },
);
