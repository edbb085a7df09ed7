// deploy/: the in-cluster gate runner's manifests, read as plain YAML, for the manifest tests.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../../helpers/runner/config.js';

export const DEPLOY = join(ROOT, 'deploy');
/** The runner's ServiceAccount, as Kubernetes names it in RBAC. */
export const RUNNER = 'system:serviceaccount:kodex-gate:kodex-gate-runner';
export type Manifest = k8s.KubernetesObject & Record<string, any>;

/** Every object of deploy/*.yaml, in file order. */
export async function readManifests(): Promise<Manifest[]> {
  const files = (await readdir(DEPLOY)).filter((f) => f.endsWith('.yaml')).sort();
  // Plain YAML, not client-node's loadAllYaml: that maps onto its models and silently drops unknown fields.
  const docs = await Promise.all(files.map(async (f) => parseAllDocuments(await readFile(join(DEPLOY, f), 'utf8'))));
  return docs.flat().map((d) => d.toJS() as Manifest);
}

/** kubectl's namespace flag for a manifest's object (none for a cluster-scoped one). */
export const namespaceArgs = (m: Manifest): string[] => (m.metadata?.namespace ? ['-n', m.metadata.namespace] : []);

/**
 * The parts of a manifest a kubectl read-back must hold, from the manifest as written and from the read-back:
 * `rbac` (rules, roleRef, subjects: exactly) and `spec` (at least what was written; of a Job, its pod spec).
 */
export function readBackParts(m: Manifest, back: Manifest) {
  const rbacFields = (['rules', 'roleRef', 'subjects'] as const).filter((field) => m[field]);
  const rbac = (o: Manifest) => Object.fromEntries(rbacFields.map((field) => [field, o[field]]));
  // A Job's spec gains defaults and a selector; its pod spec is what was written.
  const spec = (o: Manifest) => (m.kind === 'Job' ? o.spec?.template?.spec : o.spec) ?? {};
  return {
    written: { rbac: rbac(m), spec: m.spec ? spec(m) : {} },
    back: { rbac: rbac(back), spec: spec(back) },
  };
}
