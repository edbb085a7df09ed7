import type * as k8s from '@kubernetes/client-node';
import type pg from 'pg';
import { devNamespace, SERVICES_YAML_DEFAULT_PATH } from '../../contract/services-yaml.js';
import { namespaceFor, type ClaimedRun } from './job-spec.js';

/**
 * The namespace of a run as kodex resolves it (worker run_runtime.go): the runtime namespace recorded in the run's
 * payload (runtime.namespace, set when the repository's services.yaml gives the dev slot its namespace,
 * servicescfg load_context.go), else the per-run full-env name.
 */
export const runtimeNamespace = (run: ClaimedRun): string => run.run_payload?.runtime?.namespace || namespaceFor(run);

/** The services.yaml of a run's repository, read from the GitHub stand-in (undefined: the repository has none). */
async function servicesYamlOf(run: ClaimedRun, pool: pg.Pool): Promise<string | undefined> {
  const full = run.run_payload?.repository?.full_name;
  const api = process.env.STAND_GITHUB_API_URL;
  if (!full || !api) return undefined;
  const path =
    (
      await pool.query(`SELECT services_yaml_path FROM repositories WHERE lower(owner || '/' || name) = lower($1)`, [
        full,
      ])
    ).rows[0]?.services_yaml_path || SERVICES_YAML_DEFAULT_PATH;
  const res = await fetch(`${api}/repos/${full}/contents/${path}`, {
    headers: { accept: 'application/vnd.github.raw', authorization: 'token stand-worker' },
  });
  return res.ok ? res.text() : undefined;
}

/** Resolves the claimed run's namespace and records a services.yaml one in its payload, as kodex's runtime deploy does. */
export async function resolveNamespace(run: ClaimedRun, pool: pg.Pool): Promise<string> {
  const yaml = run.slot_no ? await servicesYamlOf(run, pool) : undefined;
  const dev = yaml && run.slot_no ? devNamespace(yaml, run.slot_no) : undefined;
  if (!dev) return runtimeNamespace(run);
  run.run_payload = { ...run.run_payload, runtime: { ...run.run_payload?.runtime, mode: 'full-env', namespace: dev } };
  await pool.query(`UPDATE agent_runs SET run_payload = $2, updated_at = NOW() WHERE id = $1`, [
    run.id,
    JSON.stringify(run.run_payload),
  ]);
  return dev;
}

/** A slot's namespace is reused: kodex relabels it with the latest run (runtime_namespace.go). */
export async function relabel(core: k8s.CoreV1Api, name: string, labels: Record<string, string>): Promise<void> {
  await core.patchNamespace({ name, body: [{ op: 'replace', path: '/metadata/labels', value: labels }] });
}
