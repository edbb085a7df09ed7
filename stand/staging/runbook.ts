/**
 * The staging profile enacts runbook/staging-setup.md itself: the sandbox repository's services.yaml (step 2)
 * and the database role's SQL (step 4) are read from the runbook, so the rehearsal fails where the runbook is wrong.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const RUNBOOK = 'runbook/staging-setup.md';

/** The first fenced block of a language under the runbook's step `## <step>.`. */
function block(root: string, step: number, lang: string): string {
  const text = readFileSync(path.join(root, RUNBOOK), 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith(`${step}.`));
  const found = section && new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section);
  if (!found) throw new Error(`${RUNBOOK} step ${step} has no \`\`\`${lang} block`);
  return found[1];
}

/** Step 2: the sandbox repository's services.yaml, and its spec.project. */
export function runbookServicesYaml(root: string): { text: string; project: string } {
  const text = block(root, 2, 'yaml');
  return { text, project: String(parse(text)?.spec?.project ?? '') };
}

/**
 * Step 4's production role, as the runbook words it: the staging role's SELECT grants only, under the role name of
 * its `ALTER ROLE <name> SET default_transaction_read_only = on`, which is added.
 */
export function runbookReadOnlyRoleSql(root: string, password: string): { role: string; statements: string[] } {
  const staging = runbookRoleSql(root, password);
  const text = readFileSync(path.join(root, RUNBOOK), 'utf8');
  const alter = /`(ALTER ROLE (\w+) SET default_transaction_read_only = on)`/.exec(text);
  if (!alter) throw new Error(`${RUNBOOK} step 4 names no read-only production role (ALTER ROLE … read_only = on)`);
  const role = alter[2];
  const statements = staging.statements
    .filter((s) => !/^GRANT UPDATE/i.test(s))
    .map((s) => s.replace(new RegExp(`\\b${staging.role}\\b`, 'g'), role));
  return { role, statements: [...statements, alter[1]] };
}

/** Step 4: the role's SQL, as statements, with the password put in (the runbook says "from the secret store"). */
export function runbookRoleSql(root: string, password: string): { role: string; statements: string[] } {
  const sql = block(root, 4, 'sql').replace("'<from the secret store>'", `'${password.replace(/'/g, "''")}'`);
  const role = /CREATE ROLE (\w+)/.exec(sql)?.[1];
  if (!role) throw new Error(`${RUNBOOK} step 4 creates no role`);
  return {
    role,
    statements: sql
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
