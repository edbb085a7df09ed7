import { test, expect } from '@playwright/test';
import { devNamespace } from '../../contract/services-yaml.js';
import { ROOT } from '../../helpers/runner/config.js';
import { runbookReadOnlyRoleSql, runbookRoleSql, runbookServicesYaml } from '../../stand/staging/runbook.js';

test("a dev run's namespace from the runbook's services.yaml is kodex's <spec.project>-dev-<slot>", () => {
  const { text, project } = runbookServicesYaml(ROOT);
  expect(project).toBe('kodex-gate-sandbox');
  expect(devNamespace(text, 1)).toBe('kodex-gate-sandbox-dev-1');
  expect(devNamespace(text, 2)).toBe('kodex-gate-sandbox-dev-2');
});
test('without an ai namespaceTemplate, kodex falls back to <spec.project>-dev-<slot> (load_context.go)', () => {
  expect(devNamespace('spec:\n  project: kodex\n', 3)).toBe('kodex-dev-3');
  expect(devNamespace('spec: {}\n', 1), 'no project: no dev namespace').toBeUndefined();
});
test("the staging profile's database role is the runbook's step 4, as written", () => {
  const { role, statements } = runbookRoleSql(ROOT, 'pw');
  expect(role).toBe('kodex_gate');
  expect(statements[0]).toBe("CREATE ROLE kodex_gate LOGIN PASSWORD 'pw'");
  expect(statements, 'D1 audits every declared FK: the role reads every table').toContain(
    'GRANT SELECT ON ALL TABLES IN SCHEMA public TO kodex_gate',
  );
});
test("the production profile's role is the runbook's read-only one: SELECT only, read-only sessions", () => {
  const { role, statements } = runbookReadOnlyRoleSql(ROOT, 'pw');
  expect(role).toBe('kodex_gate_ro');
  expect(statements[0]).toBe("CREATE ROLE kodex_gate_ro LOGIN PASSWORD 'pw'");
  expect(statements).toContain('GRANT SELECT ON ALL TABLES IN SCHEMA public TO kodex_gate_ro');
  expect(
    statements.filter((s) => /UPDATE|INSERT|DELETE/i.test(s)),
    'no write grant',
  ).toEqual([]);
  expect(statements.at(-1)).toBe('ALTER ROLE kodex_gate_ro SET default_transaction_read_only = on');
});
