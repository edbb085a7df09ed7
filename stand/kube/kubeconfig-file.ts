/** The kubeconfig YAML for the API stand-in (no client-node import: the stand's start-up stays light). */
import { writeFile } from 'node:fs/promises';

/**
 * Writes a kubeconfig (mode 0600) for the stand-in. An http:// URL is written as https:// on the same
 * port: kubectl never sends a token over plain http (kubernetes/kubectl#744), and the stand-in speaks
 * both on one port. `insecure-skip-tls-verify` accepts its self-signed cert (client-node also needs
 * it to allow plain http at all).
 */
export async function writeKubeconfig(
  path: string,
  url: string,
  token: string,
  contextName = 'kodex-stand',
  /** Impersonate this user (kubeconfig `as:`), e.g. the in-cluster runner's ServiceAccount. */
  as?: string,
): Promise<void> {
  const server = url.replace(/^http:\/\//, 'https://');
  const q = JSON.stringify; // JSON strings are valid YAML scalars
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(contextName)}`,
    '  cluster:',
    `    server: ${q(server)}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${q(contextName)}`,
    '  user:',
    `    token: ${q(token)}`,
    ...(as ? [`    as: ${q(as)}`] : []),
    'contexts:',
    `- name: ${q(contextName)}`,
    '  context:',
    `    cluster: ${q(contextName)}`,
    `    user: ${q(contextName)}`,
    `current-context: ${q(contextName)}`,
    'preferences: {}',
    '',
  ].join('\n');
  await writeFile(path, yaml, { mode: 0o600 });
}
