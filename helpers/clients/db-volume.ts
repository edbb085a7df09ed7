// D3's SQL: the seeded volume and the planner's statistics, run by GateDb (helpers/clients/db.ts).
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

export const TABLE_ROWS_SQL = `SELECT relname, GREATEST(reltuples, 0)::bigint AS rows FROM pg_class
  WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname IN ('agent_runs', 'flow_events', 'slots', 'projects', 'learning_feedback')`;
export const TOP_STATEMENTS_SQL = `SELECT left(query, 300) AS query, calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 2) AS mean_ms
  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15`;
