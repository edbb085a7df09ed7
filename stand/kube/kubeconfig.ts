/** Kubeconfig for the API stand-in: a YAML file for kubectl / the worker, or a loaded client-node KubeConfig. */
import { writeFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * Writes a kubeconfig (mode 0600) for the stand-in. An http:// URL is written as https:// on the same
 * port: kubectl never sends a token over plain http (kubernetes/kubectl#744), and the stand-in speaks
 * both on one port. `insecure-skip-tls-verify` accepts its self-signed cert (client-node also needs
 * it to allow plain http at all).
 */
export async function writeKubeconfig(path: string, url: string, token: string, contextName = 'kodex-stand'): Promise<void> {
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

/** A loaded client-node KubeConfig for the stand-in (http or https URL both work). */
export function kubeConfigFor(url: string, token: string, contextName = 'kodex-stand'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: contextName, server: url, skipTLSVerify: true }],
    users: [{ name: contextName, token }],
    contexts: [{ name: contextName, cluster: contextName, user: contextName }],
    currentContext: contextName,
  });
  return kc;
}
