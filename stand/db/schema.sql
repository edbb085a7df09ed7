-- The platform's own tables, constraints, FKs and indexes (kodex-contract.md §2, day1..day30 at HEAD).
-- Idempotent: safe to apply to an existing database.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS citext;

-- day3
CREATE TABLE IF NOT EXISTS users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email CITEXT NOT NULL UNIQUE,
  github_user_id BIGINT NULL,
  github_login TEXT NULL,
  is_platform_admin BOOLEAN NOT NULL DEFAULT false,
  is_platform_owner BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE UNIQUE INDEX IF NOT EXISTS uq_users_platform_owner_true ON users (is_platform_owner) WHERE is_platform_owner;

CREATE TABLE IF NOT EXISTS projects (
  id UUID PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  settings JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS project_members (
  project_id UUID NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CONSTRAINT chk_project_members_role CHECK (role IN ('read', 'read_write', 'admin')),
  learning_mode_override BOOLEAN NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT uq_project_members_project_user UNIQUE (project_id, user_id)
);
CREATE INDEX IF NOT EXISTS idx_project_members_user_id ON project_members (user_id);

-- day4 + day21
CREATE TABLE IF NOT EXISTS repositories (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id UUID NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'service' CONSTRAINT chk_repositories_role CHECK (role IN ('orchestrator', 'service', 'docs', 'mixed')),
  default_ref TEXT NOT NULL DEFAULT 'main',
  provider TEXT NOT NULL CONSTRAINT chk_repositories_provider CHECK (provider IN ('github', 'gitlab')),
  external_id BIGINT NOT NULL,
  owner TEXT NOT NULL,
  name TEXT NOT NULL,
  token_encrypted BYTEA NOT NULL,
  services_yaml_path TEXT NOT NULL DEFAULT 'services.yaml',
  docs_root_path TEXT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT uq_repositories_provider_external_id UNIQUE (provider, external_id),
  CONSTRAINT uq_repositories_project_provider_owner_name UNIQUE (project_id, provider, owner, name),
  CONSTRAINT uq_repositories_project_alias UNIQUE (project_id, alias)
);

-- day1 + day2 + day5 + day10 + day20 + day30
CREATE TABLE IF NOT EXISTS agent_runs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  correlation_id TEXT NOT NULL UNIQUE,
  project_id UUID NULL,
  agent_id UUID NULL, -- never an FK upstream, although the docs claim one
  status TEXT NOT NULL DEFAULT 'pending',
  run_payload JSONB NOT NULL DEFAULT '{}'::jsonb,
  learning_mode BOOLEAN NOT NULL DEFAULT false,
  agent_logs_json JSONB NULL,
  lease_owner TEXT NULL,
  lease_until TIMESTAMPTZ NULL,
  stale_reclaim_pending BOOLEAN NOT NULL DEFAULT FALSE, -- day29
  started_at TIMESTAMPTZ NULL,
  finished_at TIMESTAMPTZ NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
DO $$ BEGIN
  ALTER TABLE agent_runs ADD CONSTRAINT chk_agent_runs_status
    CHECK (status IN ('pending', 'running', 'waiting_backpressure', 'succeeded', 'failed', 'canceled'));
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE INDEX IF NOT EXISTS idx_agent_runs_status_started_at ON agent_runs (status, started_at);
CREATE INDEX IF NOT EXISTS idx_agent_runs_project_learning_started_at ON agent_runs (project_id, learning_mode, started_at);

-- day29: worker liveness for stale run lease recovery
CREATE TABLE IF NOT EXISTS worker_instances (
  worker_id TEXT PRIMARY KEY,
  namespace TEXT NOT NULL DEFAULT '',
  pod_name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active',
  started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  expires_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT chk_worker_instances_status CHECK (status IN ('active', 'stopped'))
);
CREATE INDEX IF NOT EXISTS idx_worker_instances_status_expires_at ON worker_instances (status, expires_at);
CREATE INDEX IF NOT EXISTS idx_agent_runs_status_lease_owner ON agent_runs (status, lease_owner, lease_until, started_at);

CREATE TABLE IF NOT EXISTS flow_events (
  id BIGSERIAL PRIMARY KEY,
  correlation_id TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT NULL,
  event_type TEXT NOT NULL,
  payload JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_flow_events_correlation_created_at ON flow_events (correlation_id, created_at);
CREATE INDEX IF NOT EXISTS idx_flow_events_event_type_created_at ON flow_events (event_type, created_at);

CREATE TABLE IF NOT EXISTS slots (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id UUID NOT NULL,
  slot_no INT NOT NULL,
  state TEXT NOT NULL DEFAULT 'free' CONSTRAINT chk_slots_state CHECK (state IN ('free', 'leased', 'releasing')),
  lease_owner TEXT NULL,
  lease_until TIMESTAMPTZ NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT uq_slots_project_slot UNIQUE (project_id, slot_no)
);
CREATE INDEX IF NOT EXISTS idx_slots_project_state ON slots (project_id, state);
CREATE INDEX IF NOT EXISTS idx_slots_state_lease_until ON slots (state, lease_until);

-- day8: project FKs
DO $$ BEGIN
  ALTER TABLE agent_runs ADD CONSTRAINT fk_agent_runs_project_id FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
  ALTER TABLE slots ADD CONSTRAINT fk_slots_project_id FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

-- day5
CREATE TABLE IF NOT EXISTS learning_feedback (
  id BIGSERIAL PRIMARY KEY,
  run_id UUID NOT NULL REFERENCES agent_runs(id) ON DELETE CASCADE,
  repository_id UUID NULL REFERENCES repositories(id) ON DELETE SET NULL,
  pr_number INT NULL,
  file_path TEXT NULL,
  line INT NULL,
  kind TEXT NOT NULL CONSTRAINT chk_learning_feedback_kind CHECK (kind IN ('inline', 'post_pr')),
  explanation TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_learning_feedback_run_created_at ON learning_feedback (run_id, created_at);

CREATE TABLE IF NOT EXISTS agents (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  is_active BOOLEAN NOT NULL DEFAULT true,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
INSERT INTO agents (agent_key, name) VALUES
  ('dev', 'Developer'), ('reviewer', 'Reviewer'), ('qa', 'QA'), ('pm', 'Product manager'),
  ('sa', 'Solution architect'), ('em', 'Engineering manager'), ('sre', 'SRE'), ('km', 'Knowledge manager')
ON CONFLICT (agent_key) DO NOTHING;
