-- Database-side stand faults (contract/faults.ts). Each block is run only when its fault is switched on;
-- `reset` runs on every boot so a fault never outlives the stand that switched it on.

-- name: reset
DROP TRIGGER IF EXISTS stand_fault_orphan_flow_event ON agent_runs;
DROP TRIGGER IF EXISTS stand_fault_flow_event_duplicated ON flow_events;
DROP TRIGGER IF EXISTS stand_fault_learning_feedback_wrong_job ON learning_feedback;
DROP FUNCTION IF EXISTS stand_fault_orphan_flow_event();
DROP FUNCTION IF EXISTS stand_fault_flow_event_duplicated();
DROP FUNCTION IF EXISTS stand_fault_learning_feedback_wrong_job();
-- running-run-without-slot's run, and the flow events a worker's stale-lease sweep wrote for it: a switch back undoes it.
DELETE FROM flow_events WHERE correlation_id LIKE 'stand-unslotted-%';
DELETE FROM projects WHERE slug LIKE 'stand-fault/unslotted-%';
DELETE FROM worker_instances WHERE worker_id = 'stand-fault-unslotted-worker';

-- name: orphan-flow-event
-- A botched cleanup leaves a run.* flow event behind whose run is gone: one at boot, one more per run.
CREATE FUNCTION stand_fault_orphan_flow_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload)
  VALUES ('stand-stray-' || gen_random_uuid(), 'system', 'worker', 'run.succeeded', '{}'::jsonb);
  RETURN NULL;
END $$;
CREATE TRIGGER stand_fault_orphan_flow_event AFTER INSERT ON agent_runs FOR EACH ROW EXECUTE FUNCTION stand_fault_orphan_flow_event();
INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload)
VALUES ('stand-stray-' || gen_random_uuid(), 'system', 'worker', 'run.succeeded', '{}'::jsonb);

-- name: missing-index
-- The migration that creates the events-by-correlation index is lost.
DROP INDEX IF EXISTS idx_flow_events_correlation_created_at;

-- name: flow-event-duplicated
-- The worker writes run.started twice (as a retried insert would).
CREATE FUNCTION stand_fault_flow_event_duplicated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() = 1 THEN
    INSERT INTO flow_events (correlation_id, actor_type, actor_id, event_type, payload)
    VALUES (NEW.correlation_id, NEW.actor_type, NEW.actor_id, NEW.event_type, NEW.payload);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER stand_fault_flow_event_duplicated AFTER INSERT ON flow_events FOR EACH ROW
  WHEN (NEW.event_type = 'run.started') EXECUTE FUNCTION stand_fault_flow_event_duplicated();

-- name: learning-feedback-wrong-job
-- The feedback names another run's Job.
CREATE FUNCTION stand_fault_learning_feedback_wrong_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.explanation := regexp_replace(NEW.explanation, 'job=([^/]+)/kodex-run-[0-9a-f-]+', 'job=\1/kodex-run-00000000-0000-0000-0000-000000000000');
  RETURN NEW;
END $$;
CREATE TRIGGER stand_fault_learning_feedback_wrong_job BEFORE INSERT ON learning_feedback FOR EACH ROW
  EXECUTE FUNCTION stand_fault_learning_feedback_wrong_job();

-- name: running-run-without-slot
-- A claim that marked a run running without leasing a slot. Its worker heartbeats elsewhere (a worker_instances row
-- that stays active), so no stale-lease sweep reclaims the run before D1 looks, however soon the workers wake.
INSERT INTO worker_instances (worker_id, namespace, pod_name, status, started_at, heartbeat_at, expires_at)
VALUES ('stand-fault-unslotted-worker', 'kodex-prod', 'stand-fault-unslotted-worker', 'active', NOW(), NOW(),
        NOW() + interval '1 day');
WITH project AS (
  INSERT INTO projects (id, slug, name)
  VALUES (gen_random_uuid(), 'stand-fault/unslotted-' || gen_random_uuid(), 'stand fault: a running run without a slot')
  RETURNING id
)
INSERT INTO agent_runs (correlation_id, project_id, status, run_payload, lease_owner, lease_until, started_at)
SELECT 'stand-unslotted-' || gen_random_uuid(), id, 'running', '{"trigger": {"kind": "dev", "label": "run:dev"}}'::jsonb,
  'stand-fault-unslotted-worker', NOW() + interval '1 day', NOW() FROM project;
