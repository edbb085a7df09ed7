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
export const LARGE_TABLE_ROWS = 5_000;
export const VOLUME = { runs: 10_000, events: 100_000 } as const;

/**
 * The seeded volume, in one statement (all or nothing): a throwaway project, terminal and consistent runs,
 * ten flow events each. $1 project id, $2 marker (slug and correlation-id prefix).
 */
export const SEED_VOLUME_SQL = `WITH project AS (
    INSERT INTO projects (id, slug, name) VALUES ($1::uuid, $2::text, 'kodex-gate D3 volume (removed after the test)') RETURNING id
  ), runs AS (
    INSERT INTO agent_runs (correlation_id, project_id, status, run_payload, started_at, finished_at, created_at)
    SELECT $2::text || '-' || g, (SELECT id FROM project), 'succeeded',
      jsonb_build_object('trigger', jsonb_build_object('label', 'run:dev', 'kind', 'dev'), 'issue', jsonb_build_object('number', g)),
      NOW() - interval '2 days', NOW() - interval '2 days', NOW() - interval '2 days' - make_interval(secs => g)
    FROM generate_series(1, ${VOLUME.runs}) g
  )
  INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload, created_at)
  SELECT $2::text || '-' || (g % ${VOLUME.runs} + 1), 'system', 'kodex-gate-seed',
    (ARRAY['run.namespace.prepared', 'run.namespace.ttl_scheduled', 'run.profile.resolved', 'run.started', 'run.status.comment.upserted',
           'run.agent.started', 'run.agent.ready', 'run.agent.status_reported', 'run.status.comment.upserted', 'run.succeeded'])[g / ${VOLUME.runs} % 10 + 1],
    '{}'::jsonb, NOW() - interval '2 days' + make_interval(secs => g / ${VOLUME.runs})
  FROM generate_series(0, ${VOLUME.events - 1}) g`;
/** Removes the seeded volume in one statement: its flow events (no FK), then the project (its runs cascade). */
export const REMOVE_VOLUME_SQL = `WITH events AS (DELETE FROM flow_events WHERE correlation_id LIKE $2::text || '-%')
  DELETE FROM projects WHERE id = $1::uuid AND slug = $2::text`;

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

export const TABLE_ROWS_SQL = `SELECT relname, GREATEST(reltuples, 0)::bigint AS rows FROM pg_class
  WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname IN ('agent_runs', 'flow_events', 'slots', 'projects', 'learning_feedback')`;
export const TOP_STATEMENTS_SQL = `SELECT left(query, 300) AS query, calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 2) AS mean_ms
  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15`;
