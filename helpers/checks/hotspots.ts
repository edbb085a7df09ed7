import { VOLUME } from '../clients/db-volume.js';

export { VOLUME };

/**
 * D3 query hot spots: the platform's main queries, taken from kodex's code, and the volume to profile
 * them on. `mustUseIndex`: kodex has an index for it, so a sequential scan over a large table is a
 * regression; otherwise the plan is recorded as a known hot spot.
 */
export interface HotQuery {
  name: string;
  source: string;
  sql: string;
  params: (v: { projectId: string; correlationId: string }) => unknown[];
  mustUseIndex: boolean;
}

export const HOT_QUERIES: HotQuery[] = [
  {
    name: 'worker claim',
    source: 'worker runqueue/sql/claim_next_pending_for_update.sql',
    mustUseIndex: true,
    params: () => [],
    sql: `SELECT id, correlation_id, project_id, learning_mode, run_payload FROM agent_runs
          WHERE status = 'pending' ORDER BY created_at ASC FOR UPDATE SKIP LOCKED LIMIT 1`,
  },
  {
    name: 'run by correlation id',
    source: 'worker runqueue/sql/get_run_id_by_correlation_id.sql',
    mustUseIndex: true,
    params: (v) => [v.correlationId],
    sql: `SELECT id FROM agent_runs WHERE correlation_id = $1`,
  },
  {
    name: 'events by correlation id',
    source: 'control-plane staffrun/sql/list_events_by_correlation.sql',
    mustUseIndex: true,
    params: (v) => [v.correlationId, 200],
    sql: `SELECT correlation_id, event_type, created_at, payload::text FROM flow_events WHERE correlation_id = $1 ORDER BY created_at DESC LIMIT $2`,
  },
  {
    name: 'slots by project and state',
    source: 'worker runqueue/sql/lease_slot.sql (candidate)',
    mustUseIndex: true,
    params: (v) => [v.projectId],
    sql: `SELECT id FROM slots WHERE project_id = $1::uuid AND state = 'free' ORDER BY slot_no ASC FOR UPDATE SKIP LOCKED LIMIT 1`,
  },
  {
    // staffrun__list_all without its agent_sessions / wait columns; kodex has no index on agent_runs.created_at.
    name: 'runs list',
    source: 'control-plane staffrun/sql/list_all.sql (core)',
    mustUseIndex: false,
    params: () => [20, 0],
    sql: `SELECT ar.id, ar.status, COALESCE(p.slug, '') AS project_slug, rt.job_name, ar.created_at
          FROM agent_runs ar LEFT JOIN projects p ON p.id = ar.project_id
          LEFT JOIN LATERAL (SELECT fe.payload->>'job_name' AS job_name FROM flow_events fe
            WHERE fe.correlation_id = ar.correlation_id AND fe.event_type IN ('run.started', 'run.namespace.prepared')
            ORDER BY fe.created_at DESC LIMIT 1) rt ON true
          WHERE COALESCE(ar.run_payload->'trigger'->>'label', '') ILIKE 'run:%'
          ORDER BY ar.created_at DESC LIMIT $1 OFFSET $2`,
  },
];

/** A table this big is never to be read whole by a main query. */
const LARGE_TABLE_ROWS = 5_000;

/** Sequential scans over tables with at least LARGE_TABLE_ROWS rows anywhere in an EXPLAIN (FORMAT JSON) plan. */
export function largeSeqScans(plan: any, rowsByTable: Record<string, number>): string[] {
  const found: string[] = [];
  const walk = (node: any) => {
    if (node['Node Type'] === 'Seq Scan' && (rowsByTable[node['Relation Name']] ?? 0) >= LARGE_TABLE_ROWS) {
      found.push(`sequential scan on ${node['Relation Name']} (${rowsByTable[node['Relation Name']]} rows)`);
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan[0].Plan);
  return found;
}

/**
 * What a query's large sequential scans mean: a regression where kodex indexes it (`mustUseIndex`), else a known
 * hot spot to report; each as `name (source): scans`, none when the plan has no such scan.
 */
export function seqScanFindings(q: HotQuery, scans: string[]): { regressions: string[]; hotSpots: string[] } {
  const found = scans.length ? [`${q.name} (${q.source}): ${scans.join(', ')}`] : [];
  return q.mustUseIndex ? { regressions: found, hotSpots: [] } : { regressions: [], hotSpots: found };
}
