// The slot invariants' SQL: what GateDb.audit() and GateDb.slotInvariants() run inside one read-only snapshot.
import { RUN_STATUS, SLOT_STATE } from '../../contract/kodex.js';
import type { Finding, Query } from './db-audit.js';

const CAP = 10;
/** `AND <column> = $1` when the check is scoped to one project; $1 is then the project id. */
const inProject = (column: string, scoped: boolean) => (scoped ? `AND ${column} = $1::uuid` : '');

/**
 * kodex's slot invariants (worker runqueue: the claim leases one free slot of the run's project and marks the
 * run running in one transaction, lease_owner = the run id; the finish frees it in one). In any one snapshot:
 * no project has more running runs than slots, every running run holds exactly one leased slot of its project,
 * and every leased slot belongs to a running run.
 */
const slotInvariants = (scoped: boolean): Record<string, string> => ({
  'projects with more running runs than slots': `SELECT 'projects.id=' || r.project_id || ' running=' || count(*)
      || ' slots=' || (SELECT count(*) FROM slots s WHERE s.project_id = r.project_id) AS ref
    FROM agent_runs r WHERE r.status = '${RUN_STATUS.running}' ${inProject('r.project_id', scoped)}
    GROUP BY r.project_id HAVING count(*) > (SELECT count(*) FROM slots s WHERE s.project_id = r.project_id)`,
  'running runs without exactly one leased slot of their project': `SELECT 'agent_runs.id=' || r.id || ' holds '
      || count(s.id) || ' leased slot(s)' AS ref
    FROM agent_runs r LEFT JOIN slots s ON s.lease_owner = r.id::text AND s.project_id = r.project_id
      AND s.state = '${SLOT_STATE.leased}'
    WHERE r.status = '${RUN_STATUS.running}' ${inProject('r.project_id', scoped)}
    GROUP BY r.id HAVING count(s.id) <> 1`,
  'leased slots that belong to no running run of their project': `SELECT 'slots.id=' || s.id || ' slot_no=' || s.slot_no
      || ' lease_owner=' || COALESCE(s.lease_owner, '∅') || ' (' || COALESCE(r.status, 'no such run') || ')' AS ref
    FROM slots s LEFT JOIN agent_runs r ON r.id::text = s.lease_owner AND r.project_id = s.project_id
    WHERE s.state = '${SLOT_STATE.leased}' ${inProject('s.project_id', scoped)}
      AND r.status IS DISTINCT FROM '${RUN_STATUS.running}'`,
});

/** The slot invariants in the caller's snapshot, platform-wide or for one project. */
export async function slotInvariantFindings(q: Query, projectId?: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [check, sql] of Object.entries(slotInvariants(!!projectId))) {
    const rows = await q(
      `SELECT ref, count(*) OVER () AS total FROM (${sql}) x LIMIT ${CAP}`,
      projectId ? [projectId] : [],
    );
    if (rows.length) findings.push({ check, total: Number(rows[0].total), rows: rows.map((r) => r.ref) });
  }
  return findings;
}

/** What a watch saw: how many snapshots it took and every broken invariant, once per check and row. */
