import { DATA_RELATIONS, RUNLESS_RUN_EVENTS, TERMINAL_STATUSES, WEBHOOK_ACTOR_ID } from '../../contract/kodex.js';

/** One statement inside the audit's read-only snapshot. */
export type Query = (sql: string, params?: unknown[]) => Promise<any[]>;

/** A broken invariant: how many rows break it, and the first few of them (ids only). */
export interface Finding {
  check: string;
  total: number;
  rows: string[];
}

const CAP = 10;
const TERMINAL = `(${TERMINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Invariants of contract §2, each a query yielding the offending rows as `ref` (an id and what identifies it). */
const INVARIANTS: Record<string, string> = {
  'run.* flow events without their run': `SELECT 'flow_events.id=' || f.id || ' ' || f.event_type || ' correlation_id=' || f.correlation_id AS ref
    FROM flow_events f WHERE f.event_type LIKE 'run.%'
    AND f.actor_id IS DISTINCT FROM '${WEBHOOK_ACTOR_ID}'
    AND f.event_type NOT IN (${Object.keys(RUNLESS_RUN_EVENTS)
      .map((t) => `'${t}'`)
      .join(', ')})
    AND NOT EXISTS (SELECT 1 FROM agent_runs r WHERE r.correlation_id = f.correlation_id)`,
  'terminal runs without finished_at': `SELECT 'agent_runs.id=' || id || ' ' || status AS ref FROM agent_runs
    WHERE status IN ${TERMINAL} AND finished_at IS NULL`,
  'terminal runs still holding a lease': `SELECT 'agent_runs.id=' || id || ' ' || status || ' lease_owner=' || COALESCE(lease_owner, '∅') AS ref
    FROM agent_runs WHERE status IN ${TERMINAL} AND (lease_owner IS NOT NULL OR lease_until IS NOT NULL)`,
  'running runs without started_at': `SELECT 'agent_runs.id=' || id AS ref FROM agent_runs WHERE status = 'running' AND started_at IS NULL`,
  'leased slots without lease_until': `SELECT 'slots.id=' || id || ' project_id=' || project_id || ' slot_no=' || slot_no AS ref
    FROM slots WHERE state = 'leased' AND lease_until IS NULL`,
  'non-free slots owned by a terminal run': `SELECT 'slots.id=' || s.id || ' ' || s.state || ' run ' || r.id || ' ' || r.status AS ref
    FROM slots s JOIN agent_runs r ON r.id::text = s.lease_owner WHERE s.state <> 'free' AND r.status IN ${TERMINAL}`,
  'orphan slots: leased to a run that does not exist': `SELECT 'slots.id=' || s.id || ' lease_owner=' || s.lease_owner AS ref
    FROM slots s WHERE s.state <> 'free' AND s.lease_owner IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM agent_runs r WHERE r.id::text = s.lease_owner)`,
};

/** The tables each invariant reads (a check is run only where the role may read all of them). */
const INVARIANT_TABLES: Record<string, string[]> = {
  'run.* flow events without their run': ['flow_events', 'agent_runs'],
  'non-free slots owned by a terminal run': ['slots', 'agent_runs'],
  'orphan slots: leased to a run that does not exist': ['slots', 'agent_runs'],
  'leased slots without lease_until': ['slots'],
};
const tablesOf = (check: string) => INVARIANT_TABLES[check] ?? ['agent_runs'];

/** Tables of the public schema the connected role may not SELECT from. */
const UNREADABLE = `SELECT c.relname AS name FROM pg_class c
  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT has_table_privilege(c.oid, 'SELECT')`;

const relationSql = (r: { table: string; column: string; references: string; key: string }) =>
  `SELECT '${r.table}.id=' || COALESCE(to_jsonb(t) ->> 'id', t.ctid::text) || ' ${r.column}=' || t.${r.column} AS ref FROM ${r.table} t
   WHERE t.${r.column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${r.references} p WHERE p.${r.key} = t.${r.column})`;

/** Every single-column foreign key declared in the public schema, so the platform's other tables are checked too. */
const DECLARED_FKS = `SELECT c.conrelid::regclass::text AS "table", quote_ident(a.attname) AS "column",
    c.confrelid::regclass::text AS "references", quote_ident(af.attname) AS "key"
  FROM pg_constraint c
  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
  JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
  WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND c.connamespace = 'public'::regnamespace`;

/**
 * The platform-wide consistency audit (epic Day 7 "no FK violations, no orphan rows"). Read-only: the
 * caller runs it inside one REPEATABLE READ snapshot, so runs finishing meanwhile are seen whole.
 * webhook.* flow events legitimately have no run (contract §2) and are not checked; nor are the run.review.* and
 * run.revise.* events kodex's webhook ingest writes (actor github-webhook) for a review that starts no run, nor the
 * run-less run.* events named in RUNLESS_RUN_EVENTS.
 */
export async function consistencyAudit(q: Query): Promise<{ findings: Finding[]; notReadable: string[] }> {
  const checks = new Map<string, { sql: string; tables: string[] }>(
    Object.entries(INVARIANTS).map(([check, sql]) => [check, { sql, tables: tablesOf(check) }]),
  );
  const relations = [...DATA_RELATIONS, ...(await q(DECLARED_FKS))];
  for (const r of relations) {
    const name = `${r.table}.${r.column} → ${r.references}${'declared' in r && !r.declared ? ' (a relation kodex never declared)' : ''}`;
    if (![...checks.keys()].some((k) => k.startsWith(`${r.table}.${r.column} →`)))
      checks.set(name, { sql: relationSql(r), tables: [r.table, r.references] });
  }
  // A role without SELECT on a table (runbook step 4) cannot check what reads it: named, never a permission error.
  const unreadable = new Set((await q(UNREADABLE)).map((r) => String(r.name)));
  const bare = (t: string) => t.replace(/^public\./, '').replace(/"/g, '');
  const findings: Finding[] = [];
  const notReadable: string[] = [];
  for (const [check, { sql, tables }] of checks) {
    const missing = tables.map(bare).filter((t) => unreadable.has(t));
    if (missing.length) {
      notReadable.push(`${check}: the database role has no SELECT on ${missing.join(', ')}`);
      continue;
    }
    const rows = await q(`SELECT ref, count(*) OVER () AS total FROM (${sql}) x LIMIT ${CAP}`);
    if (rows.length) findings.push({ check, total: Number(rows[0].total), rows: rows.map((r) => r.ref) });
  }
  return { findings, notReadable };
}

/** The findings as a failure message: each check, its row count, and its first rows with their ids. */
export function describeFindings(findings: Finding[]): string {
  if (!findings.length) return 'consistency audit: no offending rows';
  return `consistency audit found offending rows (${findings.map((f) => f.check).join('; ')}):\n${findings
    .map(
      (f) =>
        `- ${f.check}: ${f.total} row(s)${f.total > f.rows.length ? ` (first ${f.rows.length})` : ''}\n${f.rows.map((r) => `    ${r}`).join('\n')}`,
    )
    .join('\n')}`;
}
